using System.Text.RegularExpressions;
using EventExplorer.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>
/// Sign-in against a real OpenID provider (npm oidc-provider on loopback): who may come in, who may
/// write, how a session ends, and what is refused (a tampered cookie, another issuer's sign-in).
/// </summary>
public sealed class SignInJourneys(SignInFixture app) : IClassFixture<SignInFixture>
{
    private const string EventsLabel = "Events (a JSON array)";
    private const string Valid = "A valid JSON array of events.";

    private static ILocator UserMenu(IPage page) => page.GetByRole(AriaRole.Group, new() { Name = "Signed in" });

    private Regex AtProviderSignIn() => new("^" + Regex.Escape(app.Provider.Issuer) + "/interaction/");

    [Fact]
    public Task AnonymousIsSentToSignIn_ThenSeesThePageTheyAskedFor() => app.RunAsync(async page =>
    {
        // Health and static assets stay reachable without signing in; pages and the circuit's hub do not.
        var health = await page.APIRequest.GetAsync("/healthz", new() { MaxRedirects = 0 });
        Assert.True(health.Status is 200 or 503, $"/healthz answered {health.Status}");
        var script = await page.APIRequest.GetAsync("/_framework/blazor.web.js", new() { MaxRedirects = 0 });
        Assert.Equal(200, script.Status);
        var hub = await page.APIRequest.PostAsync("/_blazor/negotiate?negotiateVersion=1", new() { MaxRedirects = 0 });
        Assert.NotEqual(200, hub.Status);

        await app.SignInAsync(page, "viewer", $"/aggregates/{SignInFixture.Aggregate}");

        await Expect(page).ToHaveURLAsync($"{app.BaseUrl}/aggregates/{SignInFixture.Aggregate}");
        await Expect(page.AggregateHeading()).ToHaveTextAsync(SignInFixture.Aggregate);
        await Expect(page.TimelineVersions()).ToHaveTextAsync(["1", "0"]);
        await Expect(UserMenu(page)).ToContainTextAsync("Victor Viewer");
        await Expect(UserMenu(page)).ToContainTextAsync("Viewer");
        await Expect(UserMenu(page).GetByRole(AriaRole.Link, new() { Name = "Audit log" })).ToHaveCountAsync(0);
    });

    [Fact]
    public Task AViewerReadsButCannotWrite_EvenWhenTheFormIsForced() => app.RunAsync(async page =>
    {
        await app.SignInAsync(page, "viewer", $"/append?aggregate={SignInFixture.Aggregate}&version=2");

        var note = page.Locator("#append-viewer");
        await Expect(note).ToContainTextAsync("You are signed in as a Viewer: appending needs the Author role.");
        var append = page.GetByRole(AriaRole.Button, new() { Name = "Append commit…", Exact = true });
        await page.FillJsonEditorAsync(EventsLabel, """[{"type":"forcedByAViewer"}]""", Valid);
        await Expect(append).ToBeDisabledAsync();

        // The page's own check is only what it offers: submit the form anyway, as a user who edits the page could.
        await page.Locator("form:has(#append-events)").EvaluateAsync("form => form.requestSubmit()");
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Append", Exact = true }).ClickAsync();

        await Expect(page.MessageBar()).ToContainTextAsync("Not allowed");
        await Expect(page.MessageBar()).ToContainTextAsync("appending a commit needs the Author role, and Victor Viewer (Viewer) does not have it");
        Assert.Equal([0L, 1L], (await app.ReadAllAsync(SignInFixture.Aggregate)).Select(c => c.Version!.Value));
        var refusal = (await app.AuditRecordsAsync()).Last();
        Assert.Equal("refused", refusal.GetProperty("outcome").GetString());
        Assert.Equal("viewer", refusal.GetProperty("subject").GetString());
        Assert.Equal("Victor Viewer", refusal.GetProperty("name").GetString());
        Assert.Equal(SignInFixture.Aggregate, refusal.GetProperty("aggregateId").GetString());

        // The audit page is for Authors: a Viewer asking for it is told so (not sent to sign in again).
        var response = await page.GotoAsync("/audit");
        Assert.Equal(403, response!.Status);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("No access");
        await Expect(page.Locator("main")).ToContainTextAsync("That page needs the Author role.");
    });

    [Fact]
    public Task AnAuthorAppends_AndFindsItInTheAuditLog() => app.RunAsync(async page =>
    {
        const string id = "e2e-signin-author";
        await app.SignInAsync(page, "author", $"/append?aggregate={id}&version=0");
        await Expect(UserMenu(page)).ToContainTextAsync("Alice Author");
        await Expect(page.Locator("#append-viewer")).ToHaveCountAsync(0);

        await page.FillJsonEditorAsync(EventsLabel, """[{"type":"writtenByAnAuthor"}]""", Valid);
        await page.GetByRole(AriaRole.Button, new() { Name = "Append commit…", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Append", Exact = true }).ClickAsync();
        await Expect(page.Locator(".append-result[role=status]")).ToContainTextAsync($"Aggregate {id}, version 0");
        Assert.Single(await app.ReadAllAsync(id));

        await UserMenu(page).GetByRole(AriaRole.Link, new() { Name = "Audit log" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Audit log");
        var rows = page.Locator("tr.audit-row").Filter(new() { HasText = id });
        await Expect(rows).ToHaveCountAsync(2);
        // Newest first: the outcome above its attempt, both naming the author.
        await Expect(rows.Nth(0)).ToHaveAttributeAsync("data-outcome", "succeeded");
        await Expect(rows.Nth(1)).ToHaveAttributeAsync("data-outcome", "attempted");
        await Expect(rows.Nth(0)).ToContainTextAsync("Alice Author");
        await Expect(rows.Nth(0)).ToContainTextAsync("author");
    });

    [Fact]
    public Task SignOutEndsTheSession_EvenForACopyOfItsCookie() => app.RunAsync(async page =>
    {
        await app.SignInAsync(page, "author");
        var session = (await page.Context.CookiesAsync([app.BaseUrl])).Where(c => c.Name.StartsWith("EventExplorer.Session", StringComparison.Ordinal)).ToList();
        Assert.NotEmpty(session);

        await UserMenu(page).GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();
        // The provider's session ends too (its end-session page asks first).
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, sign me out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{app.BaseUrl}/signed-out");
        await Expect(page.Locator("main")).ToContainTextAsync("You are signed out of EventExplorer.");

        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(AtProviderSignIn());

        // The cookie as it was before signing out is no longer a session.
        await using var replay = await app.NewContextAsync();
        await replay.AddCookiesAsync(session.Select(c => new Cookie { Name = c.Name, Value = c.Value, Url = app.BaseUrl }));
        var again = await replay.NewPageAsync();
        await again.GotoAsync("/");
        await Expect(again).ToHaveURLAsync(AtProviderSignIn());
    });

    [Fact]
    public Task ATamperedSessionCookieIsRefused() => app.RunAsync(async page =>
    {
        await app.SignInAsync(page, "author");
        var cookies = await page.Context.CookiesAsync([app.BaseUrl]);
        var session = cookies.Single(c => c.Name == "EventExplorer.Session");
        var value = session.Value.ToCharArray();
        var middle = value.Length / 2;
        value[middle] = value[middle] == 'A' ? 'B' : 'A';
        await page.Context.AddCookiesAsync([new Cookie { Name = session.Name, Value = new string(value), Url = app.BaseUrl }]);

        await page.GotoAsync($"/aggregates/{SignInFixture.Aggregate}");

        await Expect(page).ToHaveURLAsync(AtProviderSignIn());
    });

    [Fact]
    public Task ASignInAtAnotherIssuerIsRefused() => app.RunAsync(async page =>
    {
        // The app sends the browser to its provider; this browser goes to another one (same client
        // id, same users, another issuer) and brings that one's answer back to the app.
        await page.RouteAsync(app.Provider.Issuer + "/auth?**", route =>
            route.FulfillAsync(new() { Status = 302, Headers = new Dictionary<string, string> { ["Location"] = route.Request.Url.Replace(app.Provider.Issuer, app.OtherProvider.Issuer) } }));
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new Regex("^" + Regex.Escape(app.OtherProvider.Issuer) + "/interaction/"));
        await SignInFixture.LoginName(page).FillAsync("author");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("^" + Regex.Escape(app.BaseUrl) + "/signin-failed"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Sign-in failed");
        await Expect(page.Locator("main")).ToContainTextAsync("You are not signed in.");
        Assert.DoesNotContain(await page.Context.CookiesAsync([app.BaseUrl]), c => c.Name.StartsWith("EventExplorer.Session", StringComparison.Ordinal));

        await page.UnrouteAllAsync();
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(AtProviderSignIn());
    });

    [Fact]
    public Task ASignedInUserWithoutARoleIsToldSo_NotSentRoundAgain() => app.RunAsync(async page =>
    {
        await app.SignInAsync(page, "nobody", waitForCircuit: false);

        await Expect(page).ToHaveURLAsync(new Regex("^" + Regex.Escape(app.BaseUrl) + "/no-access"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("No access");
        await Expect(page.Locator("main")).ToContainTextAsync("You are signed in as Nora Nobody, but your account is in none of the groups");
        // Nothing about the store is shown to them.
        await Expect(page.Locator(".connection")).ToHaveCountAsync(0);
        await Expect(UserMenu(page).GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true })).ToBeVisibleAsync();
    });
}
