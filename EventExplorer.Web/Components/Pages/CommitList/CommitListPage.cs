using EventExplorer.Web.Model.CommitList;
using EventExplorer.Web.Model.Loading;
using EventExplorer.Web.Model.Urls;
using Microsoft.AspNetCore.Components;

namespace EventExplorer.Web.Components.Pages.CommitList;

/// <summary>
/// A page of a paged commit list (an aggregate's timeline, the feed): the framework binds the list's query
/// values, the list's state record reads them (with the page's own, <see cref="OwnValues"/>), and the
/// view-model loads that state.
/// </summary>
/// <typeparam name="TModel">The list's view-model.</typeparam>
/// <typeparam name="TState">The list's state record.</typeparam>
/// <typeparam name="TData">What the view-model read, handed from the prerender to the circuit.</typeparam>
public abstract class CommitListPage<TModel, TState, TData> : ExplorerPage<TModel, TData>
    where TModel : CommitListViewModel<TState>
    where TState : CommitListState<TState>
{
    [SupplyParameterFromQuery(Name = PagePosition.FromName)] public string? From { get; set; }
    [SupplyParameterFromQuery(Name = PagePosition.BeforeName)] public string? Before { get; set; }
    [SupplyParameterFromQuery(Name = PagePosition.AfterName)] public string? After { get; set; }
    [SupplyParameterFromQuery(Name = PagePosition.CursorName)] public string? Cursor { get; set; }
    [SupplyParameterFromQuery(Name = PagePosition.StartName)] public string? Start { get; set; }
    [SupplyParameterFromQuery(Name = CommitListState<TState>.SizeName)] public string? PageSize { get; set; }
    [SupplyParameterFromQuery(Name = CommitListState<TState>.TypeName)] public string? EventType { get; set; }
    [SupplyParameterFromQuery(Name = CommitListState<TState>.OrderName)] public string? Order { get; set; }
    [SupplyParameterFromQuery(Name = CommitListState<TState>.ExpandName)] public string? Expand { get; set; }
    [SupplyParameterFromQuery(Name = CommitListState<TState>.AtName)] public string? At { get; set; }

    /// <summary>The state the bound values ask for, and what was wrong with them.</summary>
    protected TState? Requested { get; private set; }
    protected IReadOnlyList<string> Problems { get; private set; } = [];

    /// <summary>The values only this list binds.</summary>
    protected virtual (string Name, string? Value)[] OwnValues => [];

    /// <summary>The list's state record reading the values.</summary>
    protected abstract TState Read(QueryReader query);

    protected sealed override string ReadParameters()
    {
        var query = QueryReader.Of([(PagePosition.FromName, From), (PagePosition.BeforeName, Before), (PagePosition.AfterName, After),
            (PagePosition.CursorName, Cursor), (PagePosition.StartName, Start), (CommitListState<TState>.SizeName, PageSize),
            (CommitListState<TState>.TypeName, EventType), (CommitListState<TState>.OrderName, Order),
            (CommitListState<TState>.ExpandName, Expand), (CommitListState<TState>.AtName, At), .. OwnValues]);
        Requested = Read(query);
        Problems = query.Problems;
        return Requested.ToUrl();
    }

    protected sealed override Task LoadAsync() => Model.LoadAsync(Requested!, Problems);

    /// <summary>A linked commit (a permalink, a jump, a time-travel landing) is scrolled into view.</summary>
    protected override void OnShown() => ScrollToTarget = Model.Rows.Any(r => r.IsTarget);
}
