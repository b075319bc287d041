using EventExplorer.Data;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Web.Model.Loading;

namespace EventExplorer.Web.Model.Search;

/// <summary>
/// State of the search page (/search): the URL's search, streamed from the store as it reads. It keeps
/// the matches (at most <see cref="MaxMatches"/>) and the malformed items met, never what was read;
/// a newer search cancels the older one, Cancel stops the read where it is.
/// </summary>
public sealed class SearchViewModel(IEventStoreSearch search) : StreamedViewModel<SearchState>
{
    /// <summary>A search stops at this many matching commits and offers to continue.</summary>
    public const int MaxMatches = 500;

    private readonly List<SearchMatch> _matches = [];
    private readonly List<MalformedItem> _malformed = [];

    // Commits opened to show their events (read again on demand: matches carry only paths and snippets).
    private readonly Dictionary<string, OpenedCommit> _opened = new(StringComparer.Ordinal);

    /// <summary>What is wrong with the typed query (the search did not run); null when it parsed.</summary>
    public string? QueryProblem { get; private set; }

    /// <summary>The latest update (counters, cost, state, where to continue); null before the first.</summary>
    public SearchProgress? Progress { get; private set; }

    public IReadOnlyList<SearchMatch> Matches => _matches;
    public IReadOnlyList<MalformedItem> Malformed => _malformed;

    /// <summary>True when the URL holds a query that parsed: there is a search to run or show.</summary>
    public bool HasSearch => State.Query is not null && QueryProblem is null;

    protected override void Reset()
    {
        QueryProblem = null;
        Progress = null;
        _matches.Clear();
        _malformed.Clear();
        _opened.Clear();
        if (State.Query is null) return;
        try
        {
            State.ParseQuery();
        }
        catch (InvalidQueryException e)
        {
            QueryProblem = e.Message;
        }
    }

    /// <summary>Runs the URL's search, streaming matches in as the store reads.</summary>
    protected override async Task ReadAsync()
    {
        if (!HasSearch) return;
        var request = new SearchRequest
        {
            Range = State.ToRange(),
            Query = State.ParseQuery(),
            Filter = State.ToFilter(),
            Budget = Budget,
            MaxMatches = MaxMatches,
        };
        await StreamAsync(cancellationToken => search.SearchAsync(request, cancellationToken), update =>
        {
            // The store sends what is new; the page keeps it, capped like the store's own stop.
            foreach (var match in update.NewMatches)
            {
                if (_matches.Count < MaxMatches) _matches.Add(match);
            }
            _malformed.AddRange(update.NewMalformed);
            Progress = update;
        });
    }

    /// <summary>The search continued from where it stopped (budget or match limit); null when it read its range to the end.</summary>
    public string? ContinueUrl => !Load.IsLoading && Progress?.Resume is { } resume ? State.ContinueFrom(resume.Range).ToUrl() : null;

    /// <summary>The matching commits of the same range as a JSON-lines download.</summary>
    public string? ExportUrl(string format = "jsonl")
    {
        if (!HasSearch) return null;
        var query = State.ParseQuery().ToString();
        var type = State.EventType;
        if (!State.IsFeed)
        {
            return ExplorerUrls.ExportTimeline(State.AggregateId!, ToLong(State.From), ToLong(State.To), format, type, query, State.IgnoreCase);
        }
        return ExplorerUrls.ExportFeed(State.From, State.To, format, type, State.AggregatePrefix, query, State.Since, State.Until, State.IgnoreCase);
    }

    public OpenedCommit? Opened(SearchMatch match) => _opened.GetValueOrDefault(match.Commit.Key);

    /// <summary>Shows or hides a match's events; showing reads the commit (one consistent get).</summary>
    public async Task ToggleEventsAsync(SearchMatch match, CancellationToken cancellationToken)
    {
        if (_opened.Remove(match.Commit.Key)) return;
        if (match.Commit.Version is not { } version)
        {
            _opened[match.Commit.Key] = new OpenedCommit(null, "The stored version is not a whole number; open the raw item instead.");
            return;
        }
        _opened[match.Commit.Key] = new OpenedCommit(null, null);
        try
        {
            var commit = await search.ReadCommitAsync(match.Commit.AggregateId, version, cancellationToken);
            _opened[match.Commit.Key] = new OpenedCommit(commit, commit is null ? "The commit is no longer there." : null);
        }
        catch (EventStoreException e)
        {
            _opened[match.Commit.Key] = new OpenedCommit(null, e.Message);
        }
    }

    private static long? ToLong(string? text) => text is null ? null : long.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>A match's commit read to show its events: loading (both null), read, or why not.</summary>
public sealed record OpenedCommit(Commit? Commit, string? Problem)
{
    public bool IsLoading => Commit is null && Problem is null;
}
