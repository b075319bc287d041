using EventExplorer.Data.Writes;
using EventExplorer.Web.Model.Urls;

namespace EventExplorer.Web.Model.Audit;

/// <summary>
/// The audit page: the newest records of the audit file, newest first. Only the file's tail is read,
/// so a file of any size opens at once; <c>?last=N</c> says how many records.
/// </summary>
public sealed class AuditViewModel(AuditLog audit)
{
    public const int DefaultCount = 200;
    public const int MaxCount = 5000;

    public string FilePath => audit.Path;

    /// <summary>How many records were asked for.</summary>
    public int Count { get; private set; } = DefaultCount;

    public AuditTail? Tail { get; private set; }

    /// <summary>Why the file could not be read (permissions, a folder where the file should be).</summary>
    public string? Problem { get; private set; }

    public IReadOnlyList<string> Warnings { get; private set; } = [];

    public async Task LoadAsync(string url, CancellationToken cancellationToken)
    {
        var query = QueryReader.FromUrl(url);
        Count = query.PageSize("last", DefaultCount, MaxCount);
        Warnings = query.Problems;
        try
        {
            Tail = await audit.ReadRecentAsync(Count, cancellationToken);
            Problem = null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Tail = null;
            Problem = $"The audit file {audit.Path} could not be read: {ex.Message}";
        }
    }

    /// <summary>The same page with more records.</summary>
    public string MoreUrl => ExplorerUrls.Audit(Math.Min(MaxCount, Count * 5));
}
