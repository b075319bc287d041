using System.Globalization;
using EventExplorer.Data.Model;
using EventExplorer.Web.Model;
using EventExplorer.Web.Model.Preferences;
using Microsoft.AspNetCore.Components;

namespace EventExplorer.Web.Components.Shared;

/// <summary>The columns a commit table can show, in the order given.</summary>
public enum CommitColumn
{
    Version,
    CommitId,
    Aggregate,
    Committed,
    Events,
    Size,
}

public sealed partial class CommitTable
{
    [Inject] public required NavigationManager Navigation { get; init; }
    [Inject] public required TimeProvider Clock { get; init; }

    [CascadingParameter] public UserPreferences Preferences { get; set; } = UserPreferences.Default;

    [Parameter, EditorRequired] public IReadOnlyList<CommitRow> Rows { get; set; } = [];

    [Parameter, EditorRequired] public IReadOnlyList<CommitColumn> Columns { get; set; } = [];

    /// <summary>The table's accessible name ("Commits of order-1").</summary>
    [Parameter, EditorRequired] public string Label { get; set; } = "";

    /// <summary>What a gap counts: "version" (a timeline) or "commit id" (the feed).</summary>
    [Parameter] public string GapWhat { get; set; } = "version";

    [Parameter] public Func<Commit, string?>? VersionHref { get; set; }
    [Parameter] public Func<Commit, string?>? CommitIdHref { get; set; }
    [Parameter] public string CommitIdTitle { get; set; } = "Open the feed at this commit";
    [Parameter] public Func<Commit, string?>? AggregateHref { get; set; }

    /// <summary>A commit's permalink; adds a "copy link" button to every row.</summary>
    [Parameter] public Func<Commit, string?>? PermalinkHref { get; set; }

    /// <summary>A commit's own page; adds an "Open commit" icon link to every row.</summary>
    [Parameter] public Func<Commit, string?>? CommitPageHref { get; set; }

    /// <summary>The comparison of a commit with the one before it (null where there is none); adds a "Compare with previous" icon link.</summary>
    [Parameter] public Func<Commit, string?>? CompareHref { get; set; }

    /// <summary>A commit's state before and after it (issue 18); offered in the opened row, so closed rows cost nothing.</summary>
    [Parameter] public Func<Commit, string?>? StateDiffHref { get; set; }

    /// <summary>Null: rows do not open.</summary>
    [Parameter] public Func<Commit, bool>? IsExpanded { get; set; }
    [Parameter] public EventCallback<Commit> OnToggle { get; set; }

    /// <summary>
    /// Name rows (their open/close buttons) by commit id rather than by version: in the feed, rows of
    /// different aggregates share version numbers.
    /// </summary>
    [Parameter] public bool NameRowsByCommitId { get; set; }

    /// <summary>Event types shown per row before "+n".</summary>
    [Parameter] public int MaxEventTypes { get; set; } = 4;

    private bool Expandable => IsExpanded is not null && OnToggle.HasDelegate;

    private bool Opened(Commit commit) => IsExpanded?.Invoke(commit) == true;

    private bool HasActions => PermalinkHref is not null || CommitPageHref is not null || CompareHref is not null;

    /// <summary>A table with an Aggregate column needs more room before its rows turn into cards.</summary>
    private string TableClass => Columns.Contains(CommitColumn.Aggregate) ? "commit-table with-aggregate" : "commit-table";

    private int ColumnCount => Columns.Count + (Expandable ? 1 : 0) + (HasActions ? 1 : 0);

    private DateTimeOffset Now => Clock.GetUtcNow();

    private static string RowClass(CommitRow row) => string.Join(' ',
        "commit-row",
        row.IsTarget ? "is-target" : null,
        row.Arrived ? "arrived" : null,
        row.Commit is { IsMalformed: true } ? "malformed" : null);

    private static string HeaderClass(CommitColumn column) => column switch
    {
        CommitColumn.Version or CommitColumn.Size => "num",
        _ => "",
    };

    private RenderFragment Header(CommitColumn column) => builder =>
    {
        switch (column)
        {
            case CommitColumn.Version: builder.AddContent(0, "Version"); break;
            case CommitColumn.CommitId: builder.AddContent(0, "Commit id"); break;
            case CommitColumn.Aggregate: builder.AddContent(0, "Aggregate"); break;
            case CommitColumn.Committed:
                builder.OpenComponent<TimeHeader>(0);
                builder.CloseComponent();
                break;
            case CommitColumn.Events: builder.AddContent(0, "Events"); break;
            case CommitColumn.Size: builder.AddContent(0, "Size"); break;
        }
    };

    private string GapText(SequenceGap gap) => gap.After < 0
        ? string.Create(CultureInfo.InvariantCulture, $"{Formats.Missing(gap, GapWhat)}: the first commit is version {gap.Before}, not 0")
        : Formats.Missing(gap, GapWhat);

    private string ToggleLabel(Commit commit, bool open) => (open ? "Close " : "Open ") + RowName(commit);

    /// <summary>How a row is named to screen readers: "version 7", or "commit 1042" where versions repeat (the feed).</summary>
    private string RowName(Commit commit) =>
        commit.Version is { } v && !(NameRowsByCommitId && commit.CommitId is not null)
            ? "version " + v.ToString(CultureInfo.InvariantCulture)
            : "commit " + commit.CommitId?.Text;
}
