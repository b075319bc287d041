using Amazon.DynamoDBv2.Model;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Infrastructure;

namespace EventExplorer.Tests.Data.Integrity;

/// <summary>
/// What the check's history rules rest on: a parallel Scan's segment returns each aggregate's items together,
/// in numeric version order (DynamoDB keeps an item collection in one place, sorted by its range key). Checked
/// against dynalite, which the other tests run on.
/// </summary>
public sealed class SegmentOrderTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    [Fact]
    public async Task EachSegment_ReturnsAnAggregatesItemsTogether_InNumericVersionOrder()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        var versions = new long[] { 100, 2, 10, 0, 1, 11 };
        for (var a = 0; a < 12; a++)
        {
            foreach (var version in versions) await bed.AddAtAsync($"agg-{a}", version, """[{"type":"X"}]""");
        }

        using var raw = dynalite.CreateRawClient();
        var seen = new List<(int Segment, string Id, long Version)>();
        for (var segment = 0; segment < 4; segment++)
        {
            Dictionary<string, AttributeValue>? start = null;
            do
            {
                var page = await raw.ScanAsync(new ScanRequest { TableName = bed.Tables.Commits, Segment = segment, TotalSegments = 4, Limit = 5, ExclusiveStartKey = start });
                seen.AddRange(page.Items.Select(i => (segment, i["aggregateId"].S, long.Parse(i["version"].N))));
                start = page.LastEvaluatedKey is { Count: > 0 } last ? last : null;
            }
            while (start is not null);
        }

        Assert.Equal(12 * versions.Length, seen.Count);
        foreach (var group in seen.GroupBy(s => s.Id))
        {
            Assert.Single(group.Select(s => s.Segment).Distinct());
            Assert.Equal([0L, 1, 2, 10, 11, 100], group.Select(s => s.Version));
        }
        // Together: once a segment moves on from an aggregate it never comes back to it.
        var runs = seen.Select(s => s.Id).Where((id, i) => i == 0 || seen[i - 1].Id != id).ToList();
        Assert.Equal(runs.Count, runs.Distinct().Count());
    }
}
