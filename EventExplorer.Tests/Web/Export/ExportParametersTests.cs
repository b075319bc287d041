using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Web;
using EventExplorer.Web.Export;

namespace EventExplorer.Tests.Web.Export;

public sealed class ExportParametersTests
{
    [Fact]
    public void Parse_ReadsWhatExportFeedWrites()
    {
        var since = new DateTimeOffset(2026, 10, 2, 14, 34, 0, TimeSpan.Zero);

        var parameters = ExportParameters.Parse(ExplorerUrls.ExportFeed(format: "csv", eventType: "orderPlaced", aggregatePrefix: "order-", query: "sku", since: since, ignoreCase: true));

        Assert.Equal(ExportFormat.Csv, parameters.Format);
        Assert.True(parameters.Range.IsFeed);
        Assert.Equal(since, parameters.Range.FromTime);
        Assert.Equal("orderPlaced", parameters.Filter!.EventType);
        Assert.Equal("order-", parameters.Filter.AggregateIdPrefix);
        Assert.True(parameters.Filter.Payload!.IgnoreCase);
        Assert.Equal("feed-matches-2026-10-02T14_34Z-last.csv", parameters.FileName());
    }

    [Fact]
    public void ContinueUrl_OfTheFeed_KeepsTheFilterAndTheUpperBoundAndUsesTheCursorWhenGiven()
    {
        var parameters = ExportParameters.Parse("/export?from=100&to=900&type=paid&format=jsonl");
        var resume = parameters.Range with { FromCommitId = null, After = new PageLink(PageLinkKind.Cursor, "abc-_") };

        Assert.Equal("/export?to=900&type=paid&format=jsonl&cursor=abc-_", parameters.ContinueUrl(resume));
        Assert.Equal(resume, ExportParameters.Parse(parameters.ContinueUrl(resume)).Range);
    }

    [Fact]
    public void FileName_OfAnAggregateWithAnOddId_IsSafe()
    {
        var parameters = ExportParameters.Parse(ExplorerUrls.ExportTimeline("tenant/42:order 7", 5, 10));

        Assert.Equal("tenant_42_order_7-5-10.jsonl", parameters.FileName());
    }

    [Fact]
    public void Parse_APrefixForOneAggregate_IsRefused()
    {
        var error = Assert.Throws<InvalidQueryException>(() => ExportParameters.Parse("/export?aggregate=a&prefix=b"));

        Assert.Contains("prefix filters the feed", error.Message, StringComparison.Ordinal);
    }
}
