using EventExplorer.Data.Errors;

namespace EventExplorer.Web.Model.Loading;

/// <summary>
/// Runs a page's loads so that only the newest one counts: starting a load cancels the one before
/// it (a user paging quickly never sees an older page land last), and a store failure becomes
/// <see cref="Error"/> for the message bar instead of an exception that would end the circuit.
/// </summary>
public sealed class LatestLoad : IDisposable
{
    private CancellationTokenSource? _current;

    public bool IsLoading { get; private set; }

    /// <summary>The failure of the latest load; null when it succeeded or is still running.</summary>
    public LoadError? Error { get; private set; }

    /// <summary>
    /// Runs <paramref name="load"/> as the latest load. Returns false when it failed (see <see cref="Error"/>)
    /// or was superseded/cancelled; the caller should then not apply anything.
    /// </summary>
    public async Task<bool> RunAsync(Func<CancellationToken, Task> load)
    {
        var previous = _current;
        var mine = new CancellationTokenSource();
        _current = mine;
        // Not disposed here: the superseded load may still be registering on its token.
        previous?.Cancel();
        IsLoading = true;
        Error = null;
        try
        {
            await load(mine.Token);
            return !mine.IsCancellationRequested;
        }
        catch (OperationCanceledException) when (mine.IsCancellationRequested)
        {
            return false;
        }
        catch (EventStoreException e)
        {
            if (_current == mine) Error = LoadError.From(e);
            return false;
        }
        finally
        {
            if (_current == mine) IsLoading = false;
        }
    }

    /// <summary>Cancels the running load (a Cancel button, or the page going away).</summary>
    public void Cancel()
    {
        if (_current is { } current && !current.IsCancellationRequested) current.Cancel();
        IsLoading = false;
    }

    /// <summary>Shows a failure that happened elsewhere (the prerendered page's, handed over).</summary>
    public void Fail(LoadError error) => Error = error;

    public void ClearError() => Error = null;

    public void Dispose()
    {
        _current?.Cancel();
        _current?.Dispose();
        _current = null;
    }
}
