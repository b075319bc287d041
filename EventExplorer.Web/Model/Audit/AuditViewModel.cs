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

    private Dictionary<string, AuditRecord> _verified = [];
    private Dictionary<string, AuditRecord> _settled = [];

    /// <summary>Why the file could not be read (permissions, a folder where the file should be).</summary>
    public string? Problem { get; private set; }

    public IReadOnlyList<string> Warnings { get; private set; } = [];

    public const string LastName = "last";

    /// <summary>Reads the newest records; <paramref name="last"/> is the link's <c>last=</c> (how many), as given.</summary>
    public async Task LoadAsync(string? last, CancellationToken cancellationToken)
    {
        var query = QueryReader.Of((LastName, last));
        Count = query.PageSize(LastName, DefaultCount, MaxCount);
        Warnings = query.Problems;
        try
        {
            Tail = await audit.ReadRecentAsync(Count, cancellationToken);
            Problem = null;
            // Newest first, so the first verification of an attempt is its latest.
            _verified = Tail.Records.Where(r => r.Verified).GroupBy(r => r.Attempt).ToDictionary(g => g.Key, g => g.First());
            _settled = Tail.Records.Where(r => !r.Verified && r.Outcome is AuditOutcome.Unknown or AuditOutcome.Failed)
                .GroupBy(r => r.Attempt).ToDictionary(g => g.Key, g => g.First());
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Tail = null;
            Problem = $"The audit file {audit.Path} could not be read: {ex.Message}";
        }
    }

    /// <summary>
    /// For an attempt's unknown or failed outcome: the outcome a later read verified, if the part read
    /// holds one (the newest, when it was checked more than once).
    /// </summary>
    public AuditRecord? VerifiedLater(AuditRecord record) =>
        !record.Verified && record.Outcome is AuditOutcome.Unknown or AuditOutcome.Failed && _verified.TryGetValue(record.Attempt, out var verified) ? verified : null;

    /// <summary>For a verified outcome: the unknown or failed outcome it settles, if the part read holds it.</summary>
    public AuditRecord? Settles(AuditRecord record) =>
        record.Verified && _settled.TryGetValue(record.Attempt, out var earlier) ? earlier : null;

    /// <summary>
    /// The attempt id as the detail column shows it, labelled: "attempt 3f2a9c1b" (its first 8 characters; the
    /// records of one attempt, its try and its outcomes, share it).
    /// </summary>
    public static string AttemptLabel(AuditRecord record) => "attempt " + record.Attempt[..Math.Min(8, record.Attempt.Length)];

    /// <summary>An outcome as the page names it ("not written", "unknown").</summary>
    public static string OutcomeName(AuditOutcome outcome) => outcome == AuditOutcome.NotWritten ? "not written" : outcome.ToString().ToLowerInvariant();

    /// <summary>The same page with more records.</summary>
    public string MoreUrl => ExplorerUrls.Audit(Math.Min(MaxCount, Count * 5));
}
