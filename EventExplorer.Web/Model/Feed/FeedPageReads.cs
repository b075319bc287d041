using EventExplorer.Data;
using EventExplorer.Data.Model;
using EventExplorer.Web.Model.Urls;

namespace EventExplorer.Web.Model.Feed;

/// <summary>The reads behind one feed page: the page the address asks for, and where a filtered page's live tail starts.</summary>
internal static class FeedPageReads
{
    /// <summary>
    /// A live tail follows from the newest row shown. A filtered page's newest row may be far behind the
    /// feed's head (a rare type), and the tail would read everything in between; it starts at the head
    /// instead (one request of one item). Commits written meanwhile are inside the tail's trailing window.
    /// </summary>
    public static async Task<Commit?> ReadHeadAsync(IEventStoreReader reader, FeedState state, CancellationToken cancellationToken)
    {
        if (!state.IsFiltered || state.Position != PagePosition.Newest || state.TravelTime is not null) return null;
        var latest = await reader.ReadFeedAsync(new FeedQuery { PageSize = 1 }, cancellationToken);
        return latest.Items.FirstOrDefault();
    }

    /// <summary>The page the state asks for; a time-travel link first finds its commit id, then reads the page around it.</summary>
    public static async Task<(FeedPage Page, TimeTravelResult? TimeTravel)> ReadPageAsync(IEventStoreReader reader, IEventStoreSearch search,
        FeedState state, CancellationToken cancellationToken)
    {
        if (state.TravelTime is not { } at) return (await reader.ReadFeedAsync(state.ToQuery(), cancellationToken), null);
        var travel = await search.FindFirstAtOrAfterAsync(new TimeTravelQuery { At = at }, cancellationToken);
        // Nothing at or after the time: the latest page, which the page says.
        if (travel.Position is not { } position) return (await reader.ReadFeedAsync(state.ToQuery(), cancellationToken), travel);
        // The page around the commit landed on: the commits just before it (one small read) say where it starts.
        var from = position;
        if (state.OlderAroundLanded > 0)
        {
            var older = await reader.ReadFeedAsync(state.ToQuery() with { PageSize = state.OlderAroundLanded, Position = new PageLink(PageLinkKind.Before, position) }, cancellationToken);
            from = older.Items.Select(c => c.CommitId).Min()?.Text ?? position;
        }
        return (await reader.ReadFeedAsync(state.ToQuery() with { FromCommitId = from }, cancellationToken), travel);
    }
}
