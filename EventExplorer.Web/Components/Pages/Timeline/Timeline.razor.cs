using System.Globalization;
using EventExplorer.Data.Model;
using EventExplorer.Web.Components.Shared;
using EventExplorer.Web.Model.Loading;
using EventExplorer.Web.Model.Timeline;
using EventExplorer.Web.Model.Urls;
using Microsoft.AspNetCore.Components;

namespace EventExplorer.Web.Components.Pages.Timeline;

public sealed partial class Timeline
{
    /// <summary>The aggregate id, unescaped by the router; catch-all, so an id with an unescaped '/' still lands here.</summary>
    [Parameter] public string? AggregatePath { get; set; }

    protected override TimelineState Read(QueryReader query) => TimelineState.Read(AggregatePath ?? "", query);

    protected override void Restore(Prerendered<TimelineData> handed) => Model.Restore(Requested!, Problems, handed);

    protected override Prerendered<TimelineData>? Handover() => Model.Handover();

    /// <summary>The jump box: a version leads to the page that starts at it.</summary>
    private (string? Url, string? Problem) JumpTo(string text) =>
        long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version) ? (Model.JumpUrl(version), null)
        : (null, text.StartsWith('-') ? "Versions start at 0." : "Enter a version number (0 or more).");

    private string AppendText => Model.NextVersion is { } next ? $"Append next commit (v{next})"
        : Model.IsUnknownAggregate ? "Append its first commit"
        : "Append a commit";

    private string ExportTitle => Model.State.EventType is { } type
        ? $"Download every commit of this aggregate with a {type} event, oldest first"
        : "Download every commit of this aggregate, oldest first";

    /// <summary>"versions 12–40", or "version 12" for one.</summary>
    private static string VersionRange(CommitPage page) => page.Items.Min(c => c.Version) is var low && page.Items.Max(c => c.Version) is var high && low == high
        ? $"version {low}"
        : $"versions {low}–{high}";

    private string NoMatchTitle(string type, CommitPage page) =>
        "No commit " + FilterBar.WithEvent(type) + " " + (page.Filtered is { StoppedByBudget: true } ? "in what was read."
            : Model.State.Position.Kind is PositionKind.Newest or PositionKind.Oldest ? "in this aggregate."
            : "in this direction.");
}
