using EventExplorer.Benchmarks.Infrastructure;
using EventExplorer.Benchmarks.Reporting;
using EventExplorer.Data.Model;

namespace EventExplorer.Benchmarks.Scenarios;

/// <summary>
/// Item 3: the same reads through the published npm library dynamodb-event-store 2.2.0 (its own
/// query and scan, on Node) and through our data service, on the same tables. The library makes one
/// request per call and ignores LastEvaluatedKey, so past 1 MB it silently returns part of the answer;
/// the comparison counts what comes back against what the table holds.
/// </summary>
public sealed class NpmComparison(BenchContext context)
{
    private const int FullReadPageSize = 1000;

    private sealed record Case(string Name, NpmScenario Library, Operation Ours, int Expected, bool Whole);

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var data = context.Data;
        var settings = context.Settings;
        var store = context.Store;
        var tailFrom = data.FeedTotal - 100;
        var jump = settings.JumpVersion;

        var cases = new[]
        {
            new Case($"newest 50 commits of the {N(data.BigCount)}-commit aggregate",
                NpmScenario.Query("newest 50", Dataset.BigId, data.BigCount - 50),
                new Operation("service: timeline newest page (50)", async _ => (await store.ReadTimelineAsync(new TimelineQuery { AggregateId = Dataset.BigId, PageSize = 50 }, cancellationToken)).Items.Count),
                50, Whole: false),
            new Case($"feed tail: the last 100 commits (from #{N(tailFrom)})",
                NpmScenario.Scan("feed tail", data.CommitIdAt(tailFrom)),
                new Operation("service: feed from commit id, page of 100", async _ => await ReadFeedToEndAsync(new FeedQuery { PageSize = 100, FromCommitId = data.CommitIdAt(tailFrom), Order = ReadOrder.OldestFirst }, cancellationToken)),
                100, Whole: false),
            new Case($"every commit from version {N(jump)} of the {N(data.BigCount)}-commit aggregate",
                NpmScenario.Query("from jump version", Dataset.BigId, jump),
                new Operation($"service: timeline from version {N(jump)}, pages of {FullReadPageSize} to the end", async _ => await ReadTimelineToEndAsync(new TimelineQuery { AggregateId = Dataset.BigId, PageSize = FullReadPageSize, FromVersion = jump, Order = ReadOrder.OldestFirst }, cancellationToken)),
                (int)(data.BigCount - jump), Whole: true),
            new Case($"whole history of the {N(data.BigCount)}-commit aggregate",
                NpmScenario.Query("whole history", Dataset.BigId, 0),
                new Operation($"service: timeline from oldest, pages of {FullReadPageSize} to the end", async _ => await ReadTimelineToEndAsync(new TimelineQuery { AggregateId = Dataset.BigId, PageSize = FullReadPageSize, FromOldest = true, Order = ReadOrder.OldestFirst }, cancellationToken)),
                data.BigCount, Whole: true),
            new Case($"whole feed ({N(data.FeedTotal)} commits)",
                NpmScenario.Scan("whole feed", null),
                new Operation($"service: feed from oldest, pages of {FullReadPageSize} to the end", async _ => await ReadFeedToEndAsync(new FeedQuery { PageSize = FullReadPageSize, FromOldest = true, Order = ReadOrder.OldestFirst }, cancellationToken)),
                data.FeedTotal, Whole: true),
        };

        var npmRounds = Math.Min(settings.Rounds, 50);
        Console.WriteLine($"[3] npm dynamodb-event-store: {cases.Length} reads x {npmRounds} rounds");
        var npm = await NpmEventStoreRunner.RunAsync(settings.RepoRoot, context.ServiceUrl, context.Options.Tables.Commits, context.Options.Tables.CommitIdIndex,
            cases.Select(c => c.Library).ToList(), warmup: 3, rounds: npmRounds, cancellationToken);

        Console.WriteLine("[3] data service: the same reads");
        var pages = await context.Sampler.RunAsync(cases.Where(c => !c.Whole).Select(c => c.Ours).ToList(), settings.Warmup, settings.Rounds, cancellationToken);
        var whole = await context.Sampler.RunAsync(cases.Where(c => c.Whole).Select(c => c.Ours).ToList(), 1, settings.FullReadRounds, cancellationToken);
        var ours = pages.Concat(whole).ToDictionary(s => s.Name);

        var section = context.Report.Section("3. The published npm library dynamodb-event-store 2.2.0 vs the data service");
        section.Say($"Same dynalite, same layout-B tables. The library ({npm.Library}, {npm.AwsSdk}, Node {npm.Node}, HTTP keep-alive on) runs its own `query({{aggregateId, version}})` and `scan({{commitId}})` in a Node process: each is one DynamoDB Query whose LastEvaluatedKey is ignored, so it returns at most the first 1 MB page. The library cannot ask for the newest commits (no descending read, no limit), so for the newest page it is given the head version minus 50, which it has no way to find itself. Library calls ran {npmRounds} times after 3 warm-ups; the data service's page reads {settings.Rounds} times, its whole reads {settings.FullReadRounds} times (pages of {FullReadPageSize}). The two sides ran one after the other, not interleaved.");

        var rows = new List<string[]>();
        foreach (var c in cases)
        {
            var lib = npm.Results.Single(r => r.Name == c.Library.Name);
            var libMs = Stats.Of(lib.Ms);
            var libItems = Stats.Of(lib.Items);
            var libRequests = Stats.Of(lib.Requests);
            var our = ours[c.Ours.Name];
            var libComplete = libItems.Min == c.Expected && libItems.Max == c.Expected;
            var ourComplete = our.Items.Min == c.Expected && our.Items.Max == c.Expected;
            rows.Add([c.Name, N(c.Expected),
                $"{N(libItems.Median)} ({Percent(libItems.Median, c.Expected)}){(libComplete ? "" : " INCOMPLETE")}", Report.Ms(libMs.Median), Report.Ms(libMs.P90), N(libRequests.Median), PerThousand(libMs.Median, libItems.Median),
                $"{N(our.Items.Median)} ({Percent(our.Items.Median, c.Expected)}){(ourComplete ? "" : " INCOMPLETE")}", Report.Ms(our.Milliseconds.Median), Report.Ms(our.Milliseconds.P90), N(our.Requests.Median), PerThousand(our.Milliseconds.Median, our.Items.Median)]);
            context.Report.Goal("3", $"{c.Name}: commits returned, npm library vs data service",
                $"{N(libItems.Median)} vs {N(our.Items.Median)} of {N(c.Expected)}", "data service returns all", ourComplete);
            context.Report.Goal("3", $"{c.Name}: time per call, data service / npm library",
                $"{Report.Ratio(our.Milliseconds.Median / libMs.Median)} ({Report.Ms(our.Milliseconds.Median)} vs {Report.Ms(libMs.Median)} ms; per 1,000 commits {PerThousand(our.Milliseconds.Median, our.Items.Median)} vs {PerThousand(libMs.Median, libItems.Median)} ms)",
                "informational (different work when the library stops at 1 MB)", null);
        }
        section.Table("", ["read", "commits in the table", "npm: returned", "npm median ms", "npm p90 ms", "npm requests", "npm ms per 1,000 commits",
            "service: returned", "service median ms", "service p90 ms", "service requests", "service ms per 1,000 commits"], rows);
        section.Say("\"INCOMPLETE\" marks a call that returned less than the table holds for that read without saying so: that is the library's 1 MB page. The data service follows LastEvaluatedKey and its cursors to the end.");
    }

    /// <summary>Follows Newer links until the aggregate ends; the number of commits read.</summary>
    private Task<int> ReadTimelineToEndAsync(TimelineQuery first, CancellationToken cancellationToken) =>
        FollowNewerAsync(async link =>
        {
            var query = link is null ? first : first with { Position = link, FromVersion = null, FromOldest = false };
            var page = await context.Store.ReadTimelineAsync(query, cancellationToken);
            return (page.Items.Count, page.Newer);
        }, "timeline");

    private Task<int> ReadFeedToEndAsync(FeedQuery first, CancellationToken cancellationToken) =>
        FollowNewerAsync(async link =>
        {
            var query = link is null ? first : first with { Position = link, FromCommitId = null, FromOldest = false };
            var page = await context.Store.ReadFeedAsync(query, cancellationToken);
            return (page.Items.Count, page.Newer);
        }, "feed");

    /// <summary>
    /// Reads pages until one is empty or offers no Newer link (a plain "after" version or commit id,
    /// or a cursor where a plain value cannot say the position). The feed's newest page may still
    /// offer one (commits can arrive), so an empty page ends it too.
    /// </summary>
    private static async Task<int> FollowNewerAsync(Func<PageLink?, Task<(int Count, PageLink? Newer)>> readPage, string what)
    {
        var total = 0;
        PageLink? link = null;
        for (var guard = 0; guard < 100_000; guard++)
        {
            var (count, newer) = await readPage(link);
            total += count;
            if (count == 0 || newer is null) return total;
            link = newer;
        }
        throw new InvalidOperationException($"The {what} never ended.");
    }

    private static string Percent(double part, int whole) => whole == 0 ? "-" : (part / whole).ToString("0.#%", System.Globalization.CultureInfo.InvariantCulture);

    private static string PerThousand(double ms, double items) => items <= 0 ? "-" : Report.Ms(ms / items * 1000);

    private static string N(double value) => Report.N(value);
}
