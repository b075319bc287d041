using System.Globalization;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Web.Model.Urls;

namespace EventExplorer.Web.Model.CommitView;

/// <summary>Which tab of the commit page is open.</summary>
public enum CommitTab
{
    /// <summary>The events, each as a JSON tree.</summary>
    Events,

    /// <summary>The whole DynamoDB item, attribute by attribute.</summary>
    Raw,
}

/// <summary>
/// <c>/commit?aggregate=&amp;version=&amp;view=raw</c>: one commit and the open tab. The version is kept as
/// typed (the stored number's text), so an item written with version 2.5 can still be opened raw.
/// </summary>
public sealed record CommitState : IPageState
{
    public const string AggregateName = "aggregate";
    public const string VersionName = "version";
    public const string ViewName = "view";

    public string? AggregateId { get; init; }

    /// <summary>The version as in the link; see <see cref="WholeVersion"/> and <see cref="IsNumber"/>.</summary>
    public string? Version { get; init; }

    public CommitTab Tab { get; init; } = CommitTab.Events;

    /// <summary>The version as a whole number (what a commit is read by); null for 2.5, 1e3 or text.</summary>
    public long? WholeVersion => long.TryParse(Version, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : null;

    /// <summary>True when the version is a number at all (the raw item can be read by it).</summary>
    public bool IsNumber => StoredNumber.IsNumber(Version);

    /// <summary>Reads a whole link (tests, pasted links); a page reads its bound parameters with <see cref="Read"/>.</summary>
    public static CommitState Parse(string url, out IReadOnlyList<string> problems) => QueryReader.Parse(url, Read, out problems);

    /// <summary>The view the link's values ask for; what was wrong with them is added to <paramref name="query"/>'s problems.</summary>
    public static CommitState Read(QueryReader query)
    {
        var state = new CommitState
        {
            AggregateId = query.Text(AggregateName),
            Version = query.Text(VersionName)?.Trim(),
            Tab = query.Choice(ViewName, "View", "events", "events", "raw") == "raw" ? CommitTab.Raw : CommitTab.Events,
        };
        if (state.Version is { } version && !state.IsNumber) query.AddProblem($"Version '{version}' is not a number (versions are numbers such as 12).");
        return state;
    }

    public string ToUrl() => ExplorerUrls.CommitPage(AggregateId ?? "", Version ?? "", Tab == CommitTab.Raw);
}
