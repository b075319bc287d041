using System.Runtime.CompilerServices;
using System.Security.Claims;
using AngleSharp.Dom;
using Bunit;
using EventExplorer.Data;
using EventExplorer.Data.Model;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web;
using EventExplorer.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using MudBlazor;

namespace EventExplorer.Tests.Web.Components;

/// <summary>
/// Sets up a bUnit context the way the app sets up a circuit: the real stores on dynalite (a
/// <see cref="StoreBed"/>) behind the store interfaces, or none for a component that reads none; the app's component services (MudBlazor, preferences, one view-model per page
/// scope), loose JS interop and an interactive server renderer. Each test owns its context
/// (<c>await using var ctx = new BunitContext();</c>): with xunit 2 a test class must not derive from it.
/// </summary>
public static class Explorer
{
    /// <summary>
    /// Sets up a bUnit context over the real stores of <paramref name="bed"/> (dynalite, through the fault
    /// proxy), with the bed's clock.
    /// </summary>
    /// <param name="role">Who is signed in (an Author unless a test says otherwise); the header and the append page follow it.</param>
    /// <param name="claims">More claims of that user (e.g. that sign-in is off).</param>
    public static StoreBed AddExplorer(this BunitContext ctx, StoreBed bed, WriterRole role = WriterRole.Author, params Claim[] claims)
    {
        // A test may register a store of its own first (one that wraps the bed's); that one stays.
        ctx.Services.TryAddSingleton<IEventStoreReader>(bed.Events);
        ctx.Services.TryAddSingleton<IEventStoreWriter>(bed.Events);
        ctx.Services.TryAddSingleton<IAppendVerifier>(bed.Events);
        ctx.Services.TryAddSingleton<IEventStoreSearch>(bed.Events);
        ctx.Services.TryAddSingleton<ISnapshotStore>(bed.Snapshots);
        ctx.Services.TryAddSingleton(sp => new SharedFeedTail(sp.GetRequiredService<IEventStoreReader>(), bed.Time));
        ctx.Services.TryAddSingleton(bed.Integrity);
        ctx.AddCircuit(bed.Time, role, claims);
        return bed;
    }

    /// <summary>
    /// Sets up a bUnit context for rendering single components that read no store: the app's component
    /// services with no stores behind them (a component that asks for one fails to resolve), and the
    /// bed's clock (three hours after <see cref="StoreBed.Epoch"/>).
    /// </summary>
    public static ManualTimeProvider AddExplorerWithoutStores(this BunitContext ctx, WriterRole role = WriterRole.Author, params Claim[] claims)
    {
        var time = new ManualTimeProvider(StoreBed.Epoch.AddHours(3));
        ctx.AddCircuit(time, role, claims);
        return time;
    }

    /// <summary>The app's component services, the signed-in user, loose JS interop and an interactive server renderer.</summary>
    private static void AddCircuit(this BunitContext ctx, TimeProvider time, WriterRole role, Claim[] claims)
    {
        ctx.JSInterop.Mode = JSRuntimeMode.Loose;
        ctx.Services.AddSingleton(time);
        ctx.Services.AddEventExplorerComponentServices();
        var authorization = ctx.AddAuthorization();
        authorization.SetAuthorized(role == WriterRole.Author ? "Alice Author" : "Victor Viewer");
        authorization.SetRoles(role == WriterRole.Author ? [ExplorerRoles.Viewer, ExplorerRoles.Author] : [ExplorerRoles.Viewer]);
        authorization.SetClaims([new Claim(ExplorerRoles.SubjectClaimType, role == WriterRole.Author ? "sub-alice" : "sub-victor"), .. claims]);
        ctx.SetRendererInfo(new RendererInfo("Server", isInteractive: true));
    }

    public static NavigationManager Navigation(this BunitContext ctx) => ctx.Services.GetRequiredService<NavigationManager>();

    /// <summary>The current address relative to the base, as a page reads it ("/feed?from=3").</summary>
    public static string Location(this BunitContext ctx) => "/" + ctx.Navigation().ToBaseRelativePath(ctx.Navigation().Uri);

    private static readonly ConditionalWeakTable<BunitContext, IRenderedComponent<MudPopoverProvider>> Providers = [];

    /// <summary>
    /// Opens <paramref name="url"/> and renders the page there through the app's router, as a browser would
    /// reach it: the router binds the path's parameters and the query's, and binds them again on every
    /// navigation. The popover provider that MudBlazor's selects and tooltips need comes first.
    /// </summary>
    public static IRenderedComponent<TPage> RenderPage<TPage>(this BunitContext ctx, string url) where TPage : IComponent
    {
        ctx.Navigation().NavigateTo(url);
        ctx.Popovers();
        var router = ctx.Render<Router>(p => p
            .Add(r => r.AppAssembly, typeof(TPage).Assembly)
            .Add(r => r.Found, route => builder =>
            {
                builder.OpenComponent<RouteView>(0);
                builder.AddComponentParameter(1, nameof(RouteView.RouteData), route);
                builder.CloseComponent();
            }));
        return router.FindComponent<TPage>();
    }

    /// <summary>Renders a component after the popover provider (once per context).</summary>
    public static IRenderedComponent<T> RenderWithPopovers<T>(this BunitContext ctx, Action<ComponentParameterCollectionBuilder<T>>? parameters = null) where T : IComponent
    {
        ctx.Popovers();
        return ctx.Render(parameters ?? (_ => { }));
    }

    /// <summary>Where MudBlazor renders open selects, menus and tooltips.</summary>
    public static IRenderedComponent<MudPopoverProvider> Popovers(this BunitContext ctx)
    {
        if (!Providers.TryGetValue(ctx, out var provider))
        {
            provider = ctx.Render<MudPopoverProvider>();
            Providers.Add(ctx, provider);
        }
        return provider;
    }

    private static readonly ConditionalWeakTable<BunitContext, IRenderedComponent<MudDialogProvider>> DialogProviders = [];

    /// <summary>Renders MudBlazor's dialog host (once per context); pages that confirm need it.</summary>
    public static IRenderedComponent<MudDialogProvider> Dialogs(this BunitContext ctx)
    {
        if (!DialogProviders.TryGetValue(ctx, out var provider))
        {
            provider = ctx.Render<MudDialogProvider>();
            DialogProviders.Add(ctx, provider);
        }
        return provider;
    }

    /// <summary>The open dialog, as a user sees it.</summary>
    public static IElement FindDialog(this BunitContext ctx)
    {
        var dialogs = ctx.Dialogs();
        dialogs.WaitForAssertion(() => Assert.NotEmpty(dialogs.FindAll(".mud-dialog")));
        return dialogs.Find(".mud-dialog");
    }

    public static async Task ClickDialogButtonAsync(this BunitContext ctx, string text)
    {
        var dialog = ctx.FindDialog();
        await dialog.QuerySelectorAll("button").Single(b => b.TextContent.Trim() == text).ClickAsync(new MouseEventArgs());
    }
}
