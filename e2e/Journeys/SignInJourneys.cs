using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using EventExplorer.E2E.Infrastructure;
using EventExplorer.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>
/// Sign-in against a real OpenID provider (npm oidc-provider on loopback): who may come in, who may
/// write, how a session ends, and what is refused (a tampered cookie, another issuer's sign-in). Here
/// sessions are kept in each instance's memory (the default); see SeveralInstancesJourneys for Redis.
/// </summary>
public sealed class SignInJourneys(SignInFixture app) : IClassFixture<SignInFixture>
{
    private const string EventsLabel = "Events (a JSON array)";
    private const string Valid = "A valid JSON array of events.";

    private static ILocator UserMenu(IPage page) => page.GetByRole(AriaRole.Group, new() { Name = "Signed in" });

    private Regex AtProviderSignIn() => new("^" + Regex.Escape(app.Provider.Issuer) + "/interaction/");

    /// <summary>
    /// What the app itself answers a page request with these cookies (no redirect followed): a
    /// session it accepts gets the page; anything else is sent to the provider to sign in. (Following
    /// the redirect would not tell: the provider may still have its own session and send the user
    /// straight back, signed in anew.)
    /// </summary>
    private async Task<bool> AppAcceptsSessionAsync(IBrowserContext context, string path = "/")
    {
        var response = await context.APIRequest.GetAsync(path, new() { MaxRedirects = 0, Headers = new Dictionary<string, string> { ["Accept"] = "text/html" } });
        if (response.Status == 200) return true;
        Assert.Equal(302, response.Status);
        Assert.StartsWith(app.Provider.Issuer + "/auth?", response.Headers["location"]);
        return false;
    }

    [Fact]
    public Task AnonymousIsSentToSignIn_ThenSeesThePageTheyAskedFor() => app.RunAsync(async page =>
    {
        // Health and static assets stay reachable without signing in; pages and the circuit's hub do not.
        var health = await page.APIRequest.GetAsync("/healthz", new() { MaxRedirects = 0 });
        Assert.True(health.Status is 200 or 503, $"/healthz answered {health.Status}");
        var script = await page.APIRequest.GetAsync("/_framework/blazor.web.js", new() { MaxRedirects = 0 });
        Assert.Equal(200, script.Status);
        var hub = await page.APIRequest.PostAsync("/_blazor/negotiate?negotiateVersion=1", new() { MaxRedirects = 0 });
        Assert.Equal(401, hub.Status);

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

        Assert.False(await AppAcceptsSessionAsync(page.Context));
        // Signed out at the provider too: going back asks who you are.
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(AtProviderSignIn());

        // The cookie as it was before signing out is no longer a session.
        await using var replay = await app.NewContextAsync();
        await replay.AddCookiesAsync(session.Select(c => new Cookie { Name = c.Name, Value = c.Value, Url = app.BaseUrl }));
        Assert.False(await AppAcceptsSessionAsync(replay));
    });

    [Fact]
    public Task ATamperedSessionCookieIsRefused() => app.RunAsync(async page =>
    {
        await app.SignInAsync(page, "author");
        Assert.True(await AppAcceptsSessionAsync(page.Context));
        var cookies = await page.Context.CookiesAsync([app.BaseUrl]);
        var session = cookies.Single(c => c.Name == "EventExplorer.Session");
        var value = session.Value.ToCharArray();
        var middle = value.Length / 2;
        value[middle] = value[middle] == 'A' ? 'B' : 'A';
        await page.Context.AddCookiesAsync([new Cookie { Name = session.Name, Value = new string(value), Url = app.BaseUrl }]);

        Assert.False(await AppAcceptsSessionAsync(page.Context, $"/aggregates/{SignInFixture.Aggregate}"));
        await Expect(UserMenu(page)).ToContainTextAsync("Alice Author"); // the page already open keeps what it showed
    });

    [Fact]
    public Task ASignInAtAnotherIssuerIsRefused() => app.RunAsync(async page =>
    {
        // Another provider (another issuer) knows the same client id and users and would send its
        // code to the app's callback. The app's own request to its provider is pushed (PAR), so the
        // other provider cannot be handed that request: it is asked directly, as a link from elsewhere would.
        var verifier = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        await page.GotoAsync($"{app.OtherProvider.Issuer}/auth?client_id={SignInFixture.ClientId}&response_type=code&response_mode=query" +
            $"&redirect_uri={Uri.EscapeDataString(app.BaseUrl + "/signin-oidc")}&scope=openid%20profile%20groups&state=from-elsewhere&nonce=n" +
            $"&code_challenge={challenge}&code_challenge_method=S256");
        await Expect(page).ToHaveURLAsync(new Regex("^" + Regex.Escape(app.OtherProvider.Issuer) + "/interaction/"));
        await SignInFixture.LoginName(page).FillAsync("author");
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }).ClickAsync();

        await Expect(page).ToHaveURLAsync(new Regex("^" + Regex.Escape(app.BaseUrl) + "/signin-failed"));
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Sign-in failed");
        await Expect(page.Locator("main")).ToContainTextAsync("did not belong to a sign-in that EventExplorer started");
        await Expect(page.Locator("main")).ToContainTextAsync("You are not signed in.");
        Assert.DoesNotContain(await page.Context.CookiesAsync([app.BaseUrl]), c => c.Name.StartsWith("EventExplorer.Session", StringComparison.Ordinal));

        Assert.False(await AppAcceptsSessionAsync(page.Context));
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

    [Fact]
    public Task AWriteAfterSigningOutInAnotherTab_IsRefused_AndAuditedUnderTheSubjectThatWasKnown() => app.RunAsync(async page =>
    {
        const string id = "e2e-signin-after-sign-out";
        await app.SignInAsync(page, "author", $"/append?aggregate={id}&version=0");
        await page.FillJsonEditorAsync(EventsLabel, """[{"type":"writtenAfterSigningOut"}]""", Valid);

        // Signed out in another tab; this one is still open on the append page.
        var other = await page.Context.NewPageAsync();
        await other.OpenAsync("/");
        await UserMenu(other).GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();
        await other.GetByRole(AriaRole.Button, new() { Name = "Yes, sign me out" }).ClickAsync();
        await Expect(other).ToHaveURLAsync($"{app.BaseUrl}/signed-out");

        // The open tab learns it (within SessionCheckInterval); its form is driven anyway, as a script could.
        await Expect(UserMenu(page)).ToHaveCountAsync(0);
        await page.Locator("form:has(#append-events)").EvaluateAsync("form => form.requestSubmit()");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Append", Exact = true }).ClickAsync();

        await Expect(page.MessageBar()).ToContainTextAsync("Not allowed");
        Assert.Empty(await app.ReadAllAsync(id));
        var refusal = (await app.AuditRecordsAsync()).Last();
        Assert.Equal("refused", refusal.GetProperty("outcome").GetString());
        Assert.Equal(id, refusal.GetProperty("aggregateId").GetString());
        Assert.Equal("author", refusal.GetProperty("subject").GetString());
        Assert.Equal("Alice Author (signed out)", refusal.GetProperty("name").GetString());
    });

    [Fact]
    public Task WithSessionsInMemory_ARestartEndsEverySession() => app.RunAsync(async page =>
    {
        // The second instance stands for this one after a restart (same address, same keys folder).
        await app.StartSecondAsync();
        await app.SignInAsync(page, "author", instance: app.SecondBaseUrl);
        var session = await app.SessionCookiesAsync(page.Context);
        Assert.True(await app.AcceptsPageAsync(session, app.SecondBaseUrl));

        await app.RestartSecondAsync();

        Assert.False(await app.AcceptsPageAsync(session, app.SecondBaseUrl), "A session kept in memory outlived the restart.");
        Assert.False(await app.AcceptsExportAsync(session, app.SecondBaseUrl));
    });

    [Fact]
    public Task ASignedOutCookie_StaysRefusedAfterARestart() => app.RunAsync(async page =>
    {
        await app.StartSecondAsync();
        await app.SignInAsync(page, "author", instance: app.SecondBaseUrl);
        var session = await app.SessionCookiesAsync(page.Context);
        await UserMenu(page).GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, sign me out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{app.SecondBaseUrl}/signed-out");

        await app.RestartSecondAsync();

        Assert.False(await app.AcceptsPageAsync(session, app.SecondBaseUrl), "A signed-out cookie was accepted after a restart.");
        Assert.False(await app.AcceptsExportAsync(session, app.SecondBaseUrl));
    });

    [Fact]
    public async Task AViewerNamedLikeTheAuthor_DoesNotUseUpTheAuthorsLongReads()
    {
        const string held = "e2e-signin-held-export";
        await using var impostor = await app.NewContextAsync();
        await using var author = await app.NewContextAsync();
        await app.SignInAsync(await impostor.NewPageAsync(), "impostor", waitForCircuit: false);
        await app.SignInAsync(await author.NewPageAsync(), "author", waitForCircuit: false);
        var proxy = app.Proxy!;
        proxy.Reset();
        // The impostor's export hangs at the database, holding all of their long-read places.
        proxy.Inject(ProxyFault.Stall.On("Query").When(r => r.Body.Contains(held, StringComparison.Ordinal)));
        var holding = impostor.APIRequest.GetAsync($"/export?aggregate={held}&format=jsonl", new() { Timeout = 120_000 });
        try
        {
            await proxy.WaitForFaultAsync(r => r.Body.Contains(held, StringComparison.Ordinal), TimeSpan.FromSeconds(60), "The impostor's export");
            var theirSecond = await impostor.APIRequest.GetAsync($"/export?aggregate={SignInFixture.Aggregate}&format=jsonl");
            Assert.Equal(429, theirSecond.Status);

            var authors = await author.APIRequest.GetAsync($"/export?aggregate={SignInFixture.Aggregate}&format=jsonl");

            Assert.Equal(200, authors.Status);
            Assert.Contains("renamed", await authors.TextAsync());
        }
        finally
        {
            proxy.Heal();
            // Ends once the app gives up on the stalled read (its deadline) or the retry is answered.
            await holding;
        }
    }

    [Fact]
    public async Task AViewerNamedLikeTheAuthor_DoesNotUseUpTheAuthorsTabs()
    {
        await using var impostor = await app.NewContextAsync();
        await using var author = await app.NewContextAsync();
        var first = await impostor.NewPageAsync();
        await app.SignInAsync(first, "impostor");
        var second = await impostor.NewPageAsync();
        await second.OpenAsync("/");
        // Their limit is reached: a further tab of theirs is refused.
        var third = await impostor.NewPageAsync();
        await third.GotoAsync("/");
        await Expect(third.Locator("#blazor-error-ui")).ToContainTextAsync("too many");

        var authors = await author.NewPageAsync();
        await app.SignInAsync(authors, "author");

        await Expect(authors.Locator("#blazor-error-ui")).ToBeHiddenAsync();
        await Expect(UserMenu(authors)).ToContainTextAsync("Author");
    }
}
