using EventExplorer.Web.Model.Append;
using EventExplorer.Web.Model.Loading;
using EventExplorer.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace EventExplorer.Web.Components.Pages.Append;

public sealed partial class Append
{
    [Inject] public required IDialogService Dialogs { get; init; }

    [CascadingParameter] private Task<AuthenticationState>? Authentication { get; set; }

    /// <summary>
    /// Only for what the page offers: the data service checks the role itself on every append,
    /// however the page was driven.
    /// </summary>
    private bool _isAuthor = true;

    private string _url = "/append";

    [SupplyParameterFromQuery(Name = AppendState.AggregateName)] public string? Aggregate { get; set; }
    [SupplyParameterFromQuery(Name = AppendState.VersionName)] public string? Version { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        if (Authentication is not null) _isAuthor = ExplorerRoles.IsAuthor((await Authentication).User);
        await base.OnParametersSetAsync();
    }

    // The append state keeps both values as typed (the form checks them), so its URL carries them unchanged.
    protected override string ReadParameters() => _url = new AppendState { AggregateId = Aggregate, Version = Version }.ToUrl();

    protected override Task LoadAsync() => Model.LoadAsync(_url);

    protected override void Restore(Prerendered<AppendProposal> handed) => Model.Restore(_url, handed);

    protected override Prerendered<AppendProposal>? Handover() => Model.Handover(_url);

    private async Task OnAggregateIdChanged(string id)
    {
        Model.AggregateId = id;
        await Model.AggregateIdChangedAsync();
        KeepFormInUrl();
    }

    private void OnVersionChanged(string version)
    {
        Model.VersionText = version;
        KeepFormInUrl();
    }

    private void OnEventsChanged(string text) => Model.EventsJson = text;

    /// <summary>The address bar follows the form, so the link can be sent (the events are never in it).</summary>
    private void KeepFormInUrl() => Navigation.NavigateTo(Model.FormState.ToUrl(), replace: true);

    private async Task ConfirmAsync()
    {
        if (Model.Preview() is not { } preview) return;
        // Without a description of the store the append itself will say what is wrong with it.
        if (await Model.TargetAsync() is { } store)
        {
            var dialog = await Dialogs.ShowAsync<AppendConfirmDialog>("Append this commit?",
                new DialogParameters<AppendConfirmDialog> { { d => d.Preview, preview }, { d => d.Store, store } },
                new DialogOptions { CloseOnEscapeKey = true, MaxWidth = MaxWidth.Small, FullWidth = true });
            if ((await dialog.Result)?.Canceled != false) return;
        }
        await SubmitAsync();
    }

    private async Task SubmitAsync()
    {
        if (await Model.SubmitAsync()) KeepFormInUrl();
    }

    private async Task RetryAsync()
    {
        await Model.RetryAsync();
        KeepFormInUrl();
    }
}
