namespace EventExplorer.Benchmarks.Infrastructure;

/// <summary>
/// The one web-app URL the benchmark opens, written as the app writes it (TimelineState.ToUrl in
/// EventExplorer.Web: <c>/aggregates/</c> + the id escaped with EscapeDataString, no query for the
/// newest page at the default page size). Not linked from the app: its link builders depend on the
/// web project's state records, and the benchmark only needs this plain entry point.
/// </summary>
public static class AppUrls
{
    /// <summary>An aggregate's timeline at its plain link: the newest page, the UI's default page size.</summary>
    public static string Timeline(string aggregateId) => "/aggregates/" + Uri.EscapeDataString(aggregateId);
}
