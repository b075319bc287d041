using EventExplorer.Data.DynamoDb;
using EventExplorer.Web.Model.Loading;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace EventExplorer.Web.Components.Pages;

/// <summary>
/// A page whose URL says everything it shows. The framework binds the URL to the page's parameters
/// (<c>@page</c> templates, <c>[SupplyParameterFromQuery]</c>) and sets them again on every navigation
/// to the page; the page's state record reads them (<see cref="ReadParameters"/>) and the view-model
/// loads what they ask for. The view-model comes from DI, scoped to the page (it goes when the page
/// goes). What the prerender read is handed to the interactive copy as persisted state, so each
/// navigation reads DynamoDB once; when the instance's read-capacity budget would make the prerender wait,
/// it is sent loading and the interactive copy reads (saying it waits). A failure other than a store error (which the view-model shows)
/// is thrown from <see cref="OnParametersSetAsync"/> and reaches the error boundary.
/// </summary>
/// <typeparam name="TModel">The page's view-model.</typeparam>
/// <typeparam name="TData">What the view-model read, as a plain serialisable record.</typeparam>
public abstract class ExplorerPage<TModel, TData> : OwningComponentBase<TModel>
    where TModel : notnull
{
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required IJSRuntime Js { get; init; }
    [Inject] public required ReadCapacityBudget ReadCapacity { get; init; }

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

    // The URL whose view is shown (or loading). The framework also sets parameters when a parent re-renders
    // (the layout after each navigation, a preference change): the same URL is not read again for that.
    private string? _shownUrl;

    /// <summary>Reads the bound parameters into the page's state record; returns the URL that state formats (it names a hand-over).</summary>
    protected abstract string ReadParameters();

    protected abstract Task LoadAsync();

    protected abstract void Restore(Prerendered<TData> handed);

    /// <summary>What the interactive page needs to show the same view; null when it should read again (too large to hand over).</summary>
    protected abstract Prerendered<TData>? Handover();

    /// <summary>After the URL's view is in place (loaded or handed over); interactive renders only.</summary>
    protected virtual void OnShown()
    {
    }

    protected override async Task OnParametersSetAsync()
    {
        var url = ReadParameters();
        if (url == _shownUrl) return;
        _shownUrl = url;
        var handed = Prerendered;
        // A hand-over serves the first interactive render only: a later visit to the same URL reads afresh.
        if (RendererInfo.IsInteractive) Prerendered = null;
        var waitsForCapacity = !RendererInfo.IsInteractive && ReadCapacity.PageReadWouldWait;
        if (handed is not null && handed.Url == url && RendererInfo.IsInteractive)
        {
            Restore(handed);
        }
        else
        {
            // The framework renders the loading state while this runs, and the result after it.
            var loading = LoadAsync();
            if (!RendererInfo.IsInteractive && waitsForCapacity && !loading.IsCompleted)
            {
                // The server's first response would wait for read capacity with a blank tab: it is sent now,
                // loading, and the live page reads again and says it waits. This read ends with the prerender's scope.
                _ = loading.ContinueWith(static t => t.Exception, TaskContinuationOptions.OnlyOnFaulted);
                return;
            }
            await loading;
            if (Disposed) return;
            if (!RendererInfo.IsInteractive) Prerendered = Handover();
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

    /// <summary>The address as the browser shows it, relative to the base ("/feed?from=3").</summary>
    protected string Relative(string url) => "/" + Navigation.ToBaseRelativePath(url);

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }
}
