using Bunit;
using EventExplorer.Data.Writes;
using EventExplorer.Web.Components.Pages.Audit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventExplorer.Tests.Web.Components.Pages;

public sealed class AuditPageTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ee-audit-labels-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task TheDetailColumn_SaysWhatTheAttemptIdIs_BesideTheReason()
    {
        var audit = new AuditLog(Path.Combine(_folder, "audit.jsonl"), NullLogger.Instance);
        var record = new AuditRecord
        {
            Time = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000),
            Attempt = "3f2a9c1b7d0e4c5f8a6b2d1e0f9c8b7a",
            Operation = AuditOperation.Append,
            Outcome = AuditOutcome.Attempted,
            Subject = "sub-alice",
            Name = "Alice",
            Role = "Author",
            Endpoint = "http://127.0.0.1:8000",
            Table = "commits",
            AggregateId = "order-1",
            Version = 3,
        };
        await audit.WriteAsync(record, CancellationToken.None);
        await audit.WriteAsync(record with { Time = record.Time.AddSeconds(1), Outcome = AuditOutcome.Conflict, Detail = "Version 3 of order-1 is already taken." }, CancellationToken.None);
        await using var ctx = new BunitContext();
        ctx.Services.AddSingleton(audit);
        ctx.AddExplorerWithoutStores();

        var page = ctx.RenderPage<Audit>("/audit");

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tr.audit-row").Count));
        var details = page.FindAll("tr.audit-row td.audit-detail");
        Assert.Equal("Version 3 of order-1 is already taken.", details[0].QuerySelector(".audit-reason")!.TextContent);
        Assert.Equal(["attempt 3f2a9c1b", "attempt 3f2a9c1b"], details.Select(d => d.QuerySelector(".audit-attempt")!.TextContent));
        Assert.Contains("3f2a9c1b7d0e4c5f8a6b2d1e0f9c8b7a", details[0].QuerySelector(".audit-attempt")!.GetAttribute("title"), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
