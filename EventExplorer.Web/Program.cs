using EventExplorer.Data.Configuration;
using EventExplorer.Web;
using EventExplorer.Web.Components;
using EventExplorer.Web.Export;
using EventExplorer.Web.Health;
using EventExplorer.Web.Security;
using EventExplorer.Web.Hosting;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddEventExplorerData(builder.Configuration, builder.Environment.IsDevelopment());
builder.Services.AddEventExplorerWeb();
builder.AddEventExplorerSecurity();
builder.AddEventExplorerHosting();

var app = builder.Build();
// Every setting is checked before anything is served, read or written: a bad value stops the app here, naming it.
app.Services.GetRequiredService<IStartupValidator>().Validate();
// The read-capacity budget is made now, so that an unlimited one is warned about at start.
app.Services.GetRequiredService<EventExplorer.Data.DynamoDb.ReadCapacityBudget>();
app.UseEventExplorerHosting();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/error", createScopeForErrors: true);
}

// A pasted address that is no page gets the app's own Not found page, still with status 404.
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseEventExplorerSecurity();
app.UseAntiforgery();
// Scripts, styles and icons are no secret, and the sign-in pages need them before anyone is signed in.
app.MapStaticAssets().AllowAnonymous();
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
app.MapHealthEndpoint();
app.MapExportEndpoint();
app.MapSnapshotCheckExportEndpoint();
app.MapIntegrityExportEndpoint();
app.MapEventExplorerSecurity();

// Creates missing tables and seeds demo data only when configuration asks for it (local run command).
await app.Services.PrepareLocalStoreAsync(app.Lifetime.ApplicationStopping);

app.Run();

/// <summary>Entry point type, visible to tests.</summary>
public partial class Program;
