using EventExplorer.Data.Writes;
using EventExplorer.Web.Model.Audit;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventExplorer.Tests.Web.Model.Audit;

/// <summary>The audit page's view over a real audit file.</summary>
public sealed class AuditViewModelTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ee-audit-vm-" + Guid.NewGuid().ToString("N"));

    private static AuditRecord Record(string attempt, AuditOutcome outcome, int second, bool verified = false) => new()
    {
        Time = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000 + second),
        Attempt = attempt,
        Operation = AuditOperation.Append,
        Outcome = outcome,
        Subject = "sub-alice",
        Name = "Alice Author",
        Role = "Author",
        Endpoint = "http://127.0.0.1:8000",
        Table = "commits",
        AggregateId = "refund-1",
        Version = 0,
        Verified = verified,
    };

    [Fact]
    public async Task AnUnknownAttempt_IsShownWithTheOutcomeALaterCheckVerified_AndADamagedLineInItsPlace()
    {
        var audit = new AuditLog(Path.Combine(_folder, "audit.jsonl"), NullLogger.Instance);
        await audit.WriteAsync(Record("a1", AuditOutcome.Attempted, 1), CancellationToken.None);
        await audit.WriteAsync(Record("a1", AuditOutcome.Unknown, 3), CancellationToken.None);
        await File.AppendAllTextAsync(audit.Path, "{\"time\":\"2023-11-14T22:13:25+00:00\",\"attem");
        await audit.WriteAsync(Record("a1", AuditOutcome.NotWritten, 20, verified: true), CancellationToken.None);
        await audit.WriteAsync(Record("a1", AuditOutcome.Succeeded, 40, verified: true), CancellationToken.None);
        var model = new AuditViewModel(audit);

        await model.LoadAsync(null, CancellationToken.None);

        var entries = model.Tail!.Entries;
        Assert.Equal(["succeeded", "not written", "damaged", "unknown", "attempted"],
            entries.Select(e => e.Record is { } r ? AuditViewModel.OutcomeName(r.Outcome) : "damaged"));
        var unknown = entries[3].Record!;
        // The newest verification is what is known now.
        Assert.Equal(AuditOutcome.Succeeded, model.VerifiedLater(unknown)?.Outcome);
        Assert.Same(unknown, model.Settles(entries[0].Record!));
        Assert.Null(model.VerifiedLater(entries[4].Record!));
        Assert.StartsWith("{\"time\":\"2023-11-14T22:13:25", entries[2].Damaged!.Preview, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
