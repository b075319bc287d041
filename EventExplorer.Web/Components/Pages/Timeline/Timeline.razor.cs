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
    private string? _jumpTo;
    private string? _jumpProblem;

    /// <summary>
    /// Catch-all, so an id with an unescaped '/' still lands here. The id itself is read from the URL
    /// by <see cref="TimelineState.Parse"/>: the router's own decoding of %2F is not to be relied on.
    /// </summary>
    [Parameter] public string? AggregatePath { get; set; }

    protected override bool Shows(string path) => ExplorerUrls.AggregateIdFromUrl(path) is not null;

    protected override Task LoadAsync(string url) => Model.LoadAsync(url);

    protected override void Restore(string url, Prerendered<TimelineData> handed) => Model.Restore(url, handed);

    protected override Prerendered<TimelineData>? Handover(string url) => Model.Handover(url);

    protected override void OnShown()
    {
        // The jump box keeps the version it jumped to.
        _jumpTo = Model.State.Position.Kind == PositionKind.From ? Model.State.Position.Value : _jumpTo;
        _jumpProblem = null;
        ScrollToTarget = Model.Rows.Any(r => r.IsTarget);
    }


    private void Jump()
    {
        var text = _jumpTo?.Trim() ?? "";
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version))
        {
            _jumpProblem = null;
            Navigation.NavigateTo(Model.JumpUrl(version));
        }
        else
        {
            _jumpProblem = text.StartsWith('-') ? "Versions start at 0." : "Enter a version number (0 or more).";
        }
    }

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

    private void Go(string url) => Navigation.NavigateTo(url);
}
