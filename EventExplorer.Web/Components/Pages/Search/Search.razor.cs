using EventExplorer.Web.Model;
using EventExplorer.Data.Model;
using EventExplorer.Web.Model.Preferences;
using EventExplorer.Web.Model.Search;
using EventExplorer.Web.Model.Urls;
using Microsoft.AspNetCore.Components;

namespace EventExplorer.Web.Components.Pages.Search;

/// <summary>The search page. The URL is the search: opening it runs it (in the circuit; the prerender shows the form and "Searching…").</summary>
public sealed partial class Search
{
    private string? _query;
    private bool _ignoreCase;
    private bool _feed;
    private string? _aggregate;
    private string? _from;
    private string? _to;
    private string? _since;
    private string? _until;
    private string? _type;
    private string? _prefix;
    private string? _formProblem;

    [Inject] public required TimeProvider Clock { get; init; }

    [CascadingParameter] public UserPreferences Preferences { get; set; } = UserPreferences.Default;

    private string ScopeText => Model.State.IsFeed ? "the feed" : Model.State.AggregateId!;

    [SupplyParameterFromQuery(Name = SearchState.QueryName)] public string? Q { get; set; }
    [SupplyParameterFromQuery(Name = SearchState.CaseName)] public string? Case { get; set; }
    [SupplyParameterFromQuery(Name = SearchState.AggregateName)] public string? Aggregate { get; set; }
    [SupplyParameterFromQuery(Name = SearchState.FromName)] public string? From { get; set; }
    [SupplyParameterFromQuery(Name = SearchState.ToName)] public string? To { get; set; }
    [SupplyParameterFromQuery(Name = SearchState.SinceName)] public string? Since { get; set; }
    [SupplyParameterFromQuery(Name = SearchState.UntilName)] public string? Until { get; set; }
    [SupplyParameterFromQuery(Name = SearchState.TypeName)] public string? EventType { get; set; }
    [SupplyParameterFromQuery(Name = SearchState.PrefixName)] public string? Prefix { get; set; }
    [SupplyParameterFromQuery(Name = SearchState.AfterName)] public string? After { get; set; }
    [SupplyParameterFromQuery(Name = SearchState.CursorName)] public string? Cursor { get; set; }

    protected override SearchState StateFromParameters(out IReadOnlyList<string> problems)
    {
        var query = QueryReader.Of((SearchState.QueryName, Q), (SearchState.CaseName, Case), (SearchState.AggregateName, Aggregate),
            (SearchState.FromName, From), (SearchState.ToName, To), (SearchState.SinceName, Since), (SearchState.UntilName, Until),
            (SearchState.TypeName, EventType), (SearchState.PrefixName, Prefix), (SearchState.AfterName, After), (SearchState.CursorName, Cursor));
        var state = SearchState.Read(query);
        problems = query.Problems;
        return state;
    }

    protected override void FillForm()
    {
        var state = Model.State;
        _query = state.Query;
        _ignoreCase = state.IgnoreCase;
        _feed = state.IsFeed && state.Query is not null;
        _aggregate = state.AggregateId;
        _from = state.From;
        _to = state.To;
        _since = state.Since is { } since ? Formats.UrlTime(since) : null;
        _until = state.Until is { } until ? Formats.UrlTime(until) : null;
        _type = state.EventType;
        _prefix = state.AggregatePrefix;
        _formProblem = null;
    }

    private async Task Submit()
    {
        _formProblem = null;
        DateTimeOffset? since = null, until = null;
        if (_feed && !string.IsNullOrWhiteSpace(_since))
        {
            if (!Formats.TryParseUrlTime(_since.Trim(), out var time)) { _formProblem = $"Since '{_since}' is not a time like 2026-10-02T14:34Z (UTC, or with an offset)."; return; }
            since = time;
        }
        if (_feed && !string.IsNullOrWhiteSpace(_until))
        {
            if (!Formats.TryParseUrlTime(_until.Trim(), out var time)) { _formProblem = $"Until '{_until}' is not a time like 2026-10-02T14:34Z (UTC, or with an offset)."; return; }
            until = time;
        }
        if (!_feed && string.IsNullOrWhiteSpace(_aggregate)) { _formProblem = "Give the aggregate id to search, or choose the feed."; return; }
        var state = new SearchState
        {
            Query = string.IsNullOrWhiteSpace(_query) ? null : _query.Trim(),
            IgnoreCase = _ignoreCase,
            AggregateId = _feed ? null : _aggregate!.Trim(),
            From = Blank(_from),
            To = Blank(_to),
            Since = since,
            Until = until,
            EventType = Blank(_type),
            AggregatePrefix = _feed ? Blank(_prefix) : null,
        };
        await GoAsync(state);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private Task ToggleAsync(SearchMatch match) => Model.ToggleEventsAsync(match, CancellationToken.None);
}
