using System.Text;
using System.Text.Json;
using EventExplorer.Data.Writes;
using EventExplorer.E2E.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>
/// The audit file on a disk that fills up, as an Author meets it: the write is refused and not sent,
/// the file keeps only whole records, and once space is freed the next write and its records show
/// on /audit (a half record once swallowed the next one there).
/// </summary>
public sealed class AuditDiskJourneys(FullDiskAuditFixture app) : IClassFixture<FullDiskAuditFixture>
{
    private const string EventsLabel = "Events (a JSON array)";
    private const string Valid = "A valid JSON array of events.";
    private const int Page = 4096;

    private static async Task AppendAndConfirmAsync(IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Append commit…", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Append", Exact = true }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
    }

    /// <summary>
    /// Earlier records, whole, up to a few bytes short of the end of the file's first 4 KB page: the
    /// app's next record then needs a page the full disk does not have, and a write takes what fits.
    /// </summary>
    private async Task WriteEarlierRecordsAsync()
    {
        var log = new AuditLog(app.SmallAuditPath, NullLogger.Instance);
        for (var n = 0; ; n++)
        {
            var length = File.Exists(log.Path) ? new FileInfo(log.Path).Length : 0;
            var room = Page - 40 - length;
            var plain = Earlier(n, "");
            if (room <= 0) break;
            var record = room >= 2 * Size(plain) ? plain : Earlier(n, new string('x', (int)Math.Max(0, room - Size(plain))));
            await log.WriteAsync(record, CancellationToken.None);
        }
    }

    // One fixed time: a record's size must not depend on how many digits of a fraction of a second the
    // clock gives, or the padding below misses the page boundary and the app's record fits in its slack.
    private static readonly DateTimeOffset EarlierTime = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    private static AuditRecord Earlier(int n, string detail) => new()
    {
        Time = EarlierTime,
        Attempt = $"earlier-{n}",
        Operation = AuditOperation.Append,
        Outcome = AuditOutcome.Refused,
        Subject = "earlier",
        Name = "An earlier writer",
        Role = "Viewer",
        Endpoint = "http://earlier",
        Table = "commits",
        Detail = detail,
    };

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    private static int Size(AuditRecord record) => Encoding.UTF8.GetByteCount(JsonSerializer.Serialize(record, Json)) + 1;

    [Fact]
    public Task AWriteRefusedOnAFullDiskLeavesOnlyWholeRecords_AndTheNextOneShowsOnTheAuditPage() => app.RunAsync(async page =>
    {
        const string id = "audit-full-disk";
        await WriteEarlierRecordsAsync();
        app.Disk.Fill();
        // What matters is a full disk when the app writes, whoever took the last page.
        Assert.Equal(0, new DriveInfo(app.Disk.Path).AvailableFreeSpace);
        var before = await File.ReadAllBytesAsync(app.SmallAuditPath);
        // The earlier records end just short of the first page: the app's record needs a page there is not.
        Assert.InRange(before.Length, Page - 40 - 8, Page - 1);

        await page.OpenAsync($"/append?aggregate={id}&version=0");
        await page.FillJsonEditorAsync(EventsLabel, """[{"type":"writtenAfterTheDiskWasFull"}]""", Valid);
        await AppendAndConfirmAsync(page);

        // Refused before anything was sent, and not a byte of its record left behind.
        await Expect(page.MessageBar()).ToContainTextAsync("Not recorded, not sent");
        await Expect(page.MessageBar()).ToContainTextAsync("No space left on device");
        Assert.Empty(await app.ReadAllAsync(id));
        Assert.Equal(before, await File.ReadAllBytesAsync(app.SmallAuditPath));

        // Space is freed; the same append goes through.
        app.Disk.Free();
        await AppendAndConfirmAsync(page);
        await Expect(page.Locator(".append-result[role=status]")).ToContainTextAsync($"Aggregate {id}, version 0");
        Assert.Single(await app.ReadAllAsync(id));

        await page.OpenAsync("/audit");
        var rows = page.Locator("tr.audit-row").Filter(new() { HasText = id });
        await Expect(rows).ToHaveCountAsync(2);
        await Expect(rows.Nth(0)).ToHaveAttributeAsync("data-outcome", "succeeded");
        await Expect(rows.Nth(1)).ToHaveAttributeAsync("data-outcome", "attempted");
        await Expect(page.Locator("tr.audit-row[data-outcome=damaged]")).ToHaveCountAsync(0);
        await Expect(page.Locator("#audit-damaged")).ToHaveCountAsync(0);
        foreach (var line in await File.ReadAllLinesAsync(app.SmallAuditPath)) JsonDocument.Parse(line).Dispose();
    });
}
