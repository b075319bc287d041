using EventExplorer.Web.Model.Loading;
using EventExplorer.Web.Model.Urls;

namespace EventExplorer.Web.Components.Pages;

/// <summary>
/// A page that streams one long read (search, field history, summary). It reads only in the circuit:
/// a long read must not hold the first response, so the prerender shows the URL's request (its form and
/// the reading state) and hands nothing over. Each streamed update re-renders the page.
/// </summary>
/// <typeparam name="TModel">The page's view-model.</typeparam>
/// <typeparam name="TState">The page's state record, read from its bound parameters.</typeparam>
public abstract class StreamedPage<TModel, TState> : ExplorerPage<TModel, NothingHandedOver>
    where TModel : StreamedViewModel<TState>
    where TState : class, IPageState, new()
{
    private TState _state = new();
    private IReadOnlyList<string> _problems = [];

    protected override async Task OnInitializedAsync()
    {
        Model.Changed += OnProgress;
        await base.OnInitializedAsync();
    }

    /// <summary>The state the bound parameters ask for; what was wrong with them goes to <paramref name="problems"/>.</summary>
    protected abstract TState StateFromParameters(out IReadOnlyList<string> problems);

    protected sealed override string ReadParameters()
    {
        _state = StateFromParameters(out _problems);
        return _state.ToUrl();
    }

    /// <summary>Puts the URL's request into the page's form, so that the form shows what is read.</summary>
    protected virtual void FillForm()
    {
    }

    protected sealed override async Task LoadAsync()
    {
        if (!RendererInfo.IsInteractive)
        {
            Model.Show(_state, _problems);
            FillForm();
            return;
        }
        // LoadAsync shows the state before its first await: the form is filled with the read that runs.
        var running = Model.LoadAsync(_state, _problems);
        FillForm();
        await running;
    }

    protected sealed override void Restore(Prerendered<NothingHandedOver> handed)
    {
        Model.Show(_state, _problems);
        FillForm();
    }

    protected sealed override Prerendered<NothingHandedOver>? Handover() => null;

    /// <summary>Goes to <paramref name="state"/>'s URL, or reads it again when it is already the address (navigating there would do nothing).</summary>
    protected async Task GoAsync(TState state)
    {
        var url = state.ToUrl();
        if (url == Relative(Navigation.Uri)) await Model.LoadAsync(state, []);
        else Navigation.NavigateTo(url);
    }

    private Task OnProgress() => InvokeAsync(StateHasChanged);

    protected override void Dispose(bool disposing)
    {
        if (disposing) Model.Changed -= OnProgress;
        base.Dispose(disposing);
    }
}

/// <summary>What a streamed page hands from the prerender to the circuit: nothing (the circuit reads).</summary>
public sealed record NothingHandedOver;
