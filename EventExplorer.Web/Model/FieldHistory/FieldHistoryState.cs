using System.Globalization;
using EventExplorer.Web.Model.Urls;

namespace EventExplorer.Web.Model.FieldHistory;

/// <summary>
/// A field's history as its URL says it: <c>/fields?aggregate= &amp;path= &amp;from= &amp;prev=</c>.
/// <c>from</c> and <c>prev</c> continue an earlier read: the version to start at and the value the field had before it.
/// With <c>of=state</c> (and optionally <c>reducer=</c>) the field is a path in the folded state, not in the events:
/// the history is folded from the first commit, so <c>from</c> and <c>prev</c> do not apply.
/// </summary>
public sealed record FieldHistoryState : IPageState
{
    public const string AggregateName = "aggregate";
    public const string PathName = "path";
    public const string FromName = "from";
    public const string PreviousName = "prev";
    public const string OfName = "of";
    public const string ReducerName = "reducer";

    /// <summary>A previous value longer than this is left out of a continue link (the first row's old value then shows as unknown).</summary>
    public const int MaxPreviousLength = 1000;

    public string? AggregateId { get; init; }

    /// <summary>A JSON path (<c>$.customer.email</c>) or a bare property name, as typed.</summary>
    public string? Path { get; init; }

    public long? FromVersion { get; init; }

    /// <summary>JSON text of the value before <see cref="FromVersion"/>.</summary>
    public string? PreviousValueJson { get; init; }

    /// <summary>The path is in the state the reducer folds, not in the events (<c>of=state</c>).</summary>
    public bool OfState { get; init; }

    /// <summary>With <see cref="OfState"/>: a reducer by name; null lets the catalog choose.</summary>
    public string? Reducer { get; init; }

    /// <summary>Reads a whole link (tests, pasted links); a page reads its bound parameters with <see cref="Read"/>.</summary>
    public static FieldHistoryState Parse(string url, out IReadOnlyList<string> problems) => QueryReader.Parse(url, Read, out problems);

    /// <summary>The view the link's values ask for; what was wrong with them is added to <paramref name="query"/>'s problems.</summary>
    public static FieldHistoryState Read(QueryReader query)
    {
        var state = new FieldHistoryState
        {
            AggregateId = query.Text(AggregateName)?.Trim() is { Length: > 0 } id ? id : null,
            Path = query.Text(PathName)?.Trim() is { Length: > 0 } path ? path : null,
            FromVersion = query.WholeNumber(FromName, "From version"),
            PreviousValueJson = query.Text(PreviousName),
            OfState = query.Choice(OfName, "Of", "events", "events", "state") == "state",
            Reducer = query.Text(ReducerName)?.Trim() is { Length: > 0 } reducer ? reducer : null,
        };
        if (state.OfState && (state.FromVersion is not null || state.PreviousValueJson is not null))
        {
            query.AddProblem("A state field's history is always folded from the first commit; the link's starting version was ignored.");
            state = state with { FromVersion = null, PreviousValueJson = null };
        }
        if (!state.OfState && state.Reducer is not null) state = state with { Reducer = null };
        return state;
    }

    public string ToUrl() => new QueryBuilder(ExplorerUrls.FieldHistoryPath)
        .Add(AggregateName, AggregateId)
        .Add(PathName, Path)
        .Add(FromName, FromVersion)
        .Add(PreviousName, PreviousValueJson)
        .Add(OfName, OfState, "state")
        .Add(ReducerName, Reducer)
        .ToString();

    /// <summary>The same field continued where a read stopped.</summary>
    public FieldHistoryState ContinueFrom(long? version, string? previousValueJson) => this with
    {
        FromVersion = version,
        PreviousValueJson = previousValueJson is { Length: <= MaxPreviousLength } ? previousValueJson : null,
    };

    public string? FromText => FromVersion?.ToString(CultureInfo.InvariantCulture);
}
