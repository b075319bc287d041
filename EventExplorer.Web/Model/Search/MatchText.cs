using System.Globalization;
using EventExplorer.Data.Model;

namespace EventExplorer.Web.Model.Search;

/// <summary>How the search page names what it found, as plain text.</summary>
public static class MatchText
{
    /// <summary>
    /// A commit by aggregate and version (<c>order-2024-900002 version 3</c>); an item whose version is not a
    /// whole number is named by the version as stored (<see cref="CommitRef.Key"/> holds it after the id).
    /// </summary>
    public static string Commit(CommitRef commit)
    {
        var version = commit.Version?.ToString(CultureInfo.InvariantCulture) ?? StoredVersion(commit);
        return version.Length == 0 ? $"{commit.AggregateId} (no version)" : $"{commit.AggregateId} version {version}";
    }

    private static string StoredVersion(CommitRef commit)
    {
        var separator = commit.Key.IndexOf('\u0000', StringComparison.Ordinal);
        return separator < 0 ? "" : commit.Key[(separator + 1)..];
    }
}
