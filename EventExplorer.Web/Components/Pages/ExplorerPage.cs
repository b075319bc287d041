using EventExplorer.Web.Model.Loading;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.JSInterop;

namespace EventExplorer.Web.Components.Pages;

/// <summary>
/// A page whose URL says everything it shows. The view-model comes from DI, scoped to the page (it
/// goes when the page goes). The page reads its URL when it starts and whenever the URL changes while
/// it is open (paging, filters). What the prerender read is handed to the interactive copy as
/// persisted state, so each navigation reads DynamoDB once.
/// </summary>
/// <typeparam name="TModel">The page's view-model.</typeparam>
/// <typeparam name="TData">What the view-model read, as a plain serialisable record.</typeparam>
public abstract class ExplorerPage<TModel, TData> : OwningComponentBase<TModel>
    where TModel : notnull
{
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required IJSRuntime Js { get; init; }

    /// <summary>Set when the view holds a linked commit (a jump, a permalink): the next render scrolls it into view.</summary>
    protected bool ScrollToTarget { get; set; }

    /// <summary>Filled in by the prerender, read once by the interactive render.</summary>
    [PersistentState]
    public Prerendered<TData>? Prerendered { get; set; }

    protected TModel Model => Service;

    /// <summary>
    /// True once the page is gone. A read that outlives its page (the user navigated on while the database was
    /// slow) must not touch the page's view-model afterwards: it is disposed with the page, and the exception
    /// would land in the next page's error boundary.
    /// </summary>
    protected bool Disposed { get; private set; }

    /// <summary>True when <paramref name="path"/> (escaped, without query) is shown by this page rather than another.</summary>
    protected abstract bool Shows(string path);

    protected abstract Task LoadAsync(string url);

    protected abstract void Restore(string url, Prerendered<TData> handed);

    /// <summary>What the interactive page needs to show the same view; null when it should read again (too large to hand over).</summary>
    protected abstract Prerendered<TData>? Handover(string url);

    /// <summary>After the URL's view is in place (loaded or handed over); interactive renders only.</summary>
    protected virtual void OnShown()
    {
    }

    protected override async Task OnInitializedAsync()
    {
        Navigation.LocationChanged += OnLocationChanged;
        var url = Relative(Navigation.Uri);
        if (Prerendered is { } handed && handed.Url == url)
        {
            Restore(url, handed);
            Prerendered = null;
        }
        else
        {
            await LoadAsync(url);
            if (Disposed) return;
            if (!RendererInfo.IsInteractive) Prerendered = Handover(url);
        }
        if (RendererInfo.IsInteractive) OnShown();
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!ScrollToTarget) return;
        ScrollToTarget = false;
        try
        {
            await Js.InvokeVoidAsync("eventExplorer.scrollToTarget");
        }
        catch (JSDisconnectedException)
        {
        }
    }

    private void OnLocationChanged(object? sender, LocationChangedEventArgs e)
    {
        var url = Relative(e.Location);
        if (!Shows(ExplorerUrls.PathOf(url))) return;
        _ = InvokeAsync(async () =>
        {
            var loading = LoadAsync(url);
            // Show the loading state while the read runs, then the result.
            if (!loading.IsCompleted) StateHasChanged();
            await loading;
            if (Disposed) return;
            OnShown();
            StateHasChanged();
        });
    }

    protected string Relative(string url) => "/" + Navigation.ToBaseRelativePath(url);

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        if (disposing) Navigation.LocationChanged -= OnLocationChanged;
        base.Dispose(disposing);
    }
}
