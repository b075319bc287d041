using EventExplorer.Data.Model;

namespace EventExplorer.E2E.Infrastructure;

/// <summary>
/// The app with a small read-capacity budget (EventExplorer:ReadCapacityPerSecond = <see cref="PerSecond"/>)
/// over one aggregate of about 1.5 MB: a search of it reads a first 1 MB page (about 256 read capacity
/// units, consistent) at once, and its next page waits several seconds for the budget to pay that back.
/// </summary>
public sealed class ReadCapacityFixture : ExplorerFixture
{
    public const int PerSecond = 32;
    public const string Aggregate = "budget-ledger-1";
    public const string Needle = "needle-4711";
    public const int Commits = 6;

    protected override Task<IReadOnlyDictionary<string, string>> AppSettingsAsync(string appBaseUrl) =>
        Task.FromResult<IReadOnlyDictionary<string, string>>(new Dictionary<string, string>
        {
            ["EventExplorer__ReadCapacityPerSecond"] = PerSecond.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });

    protected override async Task SeedAsync()
    {
        // 250 KB of statement text a commit; only the last one names the needle.
        var filler = new string('x', 250 * 1024);
        for (var version = 0; version < Commits; version++)
        {
            var note = version == Commits - 1 ? Needle : "none";
            await Store.AppendAsync(new AppendRequest
            {
                AggregateId = Aggregate,
                Version = version,
                EventsJson = $$"""[{"type":"statementIssued","note":"{{note}}","text":"{{filler}}"}]""",
            }, CancellationToken.None);
        }
    }
}
