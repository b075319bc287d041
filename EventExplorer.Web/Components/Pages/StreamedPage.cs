using EventExplorer.Web.Model.Loading;

namespace EventExplorer.Web.Components.Pages;

/// <summary>
/// A page that streams one long read (search, field history, summary). It reads only in the circuit:
/// a long read must not hold the first response, so the prerender shows the URL's request (its form and
/// the reading state) and hands nothing over. Each streamed update re-renders the page.
/// </summary>
/// <typeparam name="TModel">The page's view-model.</typeparam>
public abstract class StreamedPage<TModel> : ExplorerPage<TModel, NothingHandedOver>
    where TModel : StreamedViewModel
{
    protected override async Task OnInitializedAsync()
    {
        Model.Changed += OnProgress;
        await base.OnInitializedAsync();
    }

    /// <summary>Puts the URL's request into the page's form, so that the form shows what is read.</summary>
    protected virtual void FillForm()
    {
    }

    protected sealed override async Task LoadAsync(string url)
    {
        if (!RendererInfo.IsInteractive)
        {
            Model.Show(url);
            FillForm();
            return;
        }
        // LoadAsync shows the URL before its first await: the form is filled with the read that runs.
        var running = Model.LoadAsync(url);
        FillForm();
        await running;
    }

    protected sealed override void Restore(string url, Prerendered<NothingHandedOver> handed)
    {
        Model.Show(url);
        FillForm();
    }

    protected sealed override Prerendered<NothingHandedOver>? Handover(string url) => null;

    /// <summary>Goes to <paramref name="url"/>, or reads it again when it is already the address (navigating there would do nothing).</summary>
    protected async Task GoAsync(string url)
    {
        if (url == Relative(Navigation.Uri)) await LoadAsync(url);
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
