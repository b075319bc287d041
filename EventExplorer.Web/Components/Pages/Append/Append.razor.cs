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

    protected override async Task OnParametersSetAsync()
    {
        if (Authentication is not null) _isAuthor = ExplorerRoles.IsAuthor((await Authentication).User);
    }

    protected override bool Shows(string path) => path == "/append";

    protected override Task LoadAsync(string url) => Model.LoadAsync(url);

    protected override void Restore(string url, Prerendered<AppendProposal> handed) => Model.Restore(url, handed);

    protected override Prerendered<AppendProposal>? Handover(string url) => Model.Handover(url);

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
