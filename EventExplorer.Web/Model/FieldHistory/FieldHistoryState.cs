using System.Globalization;
using EventExplorer.Web.Model.Urls;

namespace EventExplorer.Web.Model.FieldHistory;

/// <summary>
/// A field's history as its URL says it: <c>/fields?aggregate= &amp;path= &amp;from= &amp;prev=</c>.
/// <c>from</c> and <c>prev</c> continue an earlier read: the version to start at and the value the field had before it.
/// </summary>
public sealed record FieldHistoryState : IPageState
{
    public const string AggregateName = "aggregate";
    public const string PathName = "path";
    public const string FromName = "from";
    public const string PreviousName = "prev";

    /// <summary>A previous value longer than this is left out of a continue link (the first row's old value then shows as unknown).</summary>
    public const int MaxPreviousLength = 1000;

    public string? AggregateId { get; init; }

    /// <summary>A JSON path (<c>$.customer.email</c>) or a bare property name, as typed.</summary>
    public string? Path { get; init; }

    public long? FromVersion { get; init; }

    /// <summary>JSON text of the value before <see cref="FromVersion"/>.</summary>
    public string? PreviousValueJson { get; init; }

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
        };
        return state;
    }

    public string ToUrl() => new QueryBuilder(ExplorerUrls.FieldHistoryPath)
        .Add(AggregateName, AggregateId)
        .Add(PathName, Path)
        .Add(FromName, FromVersion)
        .Add(PreviousName, PreviousValueJson)
        .ToString();

    /// <summary>The same field continued where a read stopped.</summary>
    public FieldHistoryState ContinueFrom(long? version, string? previousValueJson) => this with
    {
        FromVersion = version,
        PreviousValueJson = previousValueJson is { Length: <= MaxPreviousLength } ? previousValueJson : null,
    };

    public string? FromText => FromVersion?.ToString(CultureInfo.InvariantCulture);
}
