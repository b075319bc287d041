using EventExplorer.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>
/// Two instances behind one address, sessions and keys in a real Redis: a user is signed in on both
/// (the next page may land on either, or on an instance started since), and signing out on one ends
/// the session on both and after a restart, for a copy of the cookie too: pages and exports.
/// </summary>
public sealed class SeveralInstancesJourneys(SharedSessionsFixture app) : IClassFixture<SharedSessionsFixture>
{
    private static ILocator UserMenu(IPage page) => page.GetByRole(AriaRole.Group, new() { Name = "Signed in" });

    [Fact]
    public Task ASignOutOnOneInstance_EndsTheSessionOnBoth_AndAfterARestart() => app.RunAsync(async page =>
    {
        await app.StartSecondAsync();
        await app.SignInAsync(page, "author");
        var copied = await app.SessionCookiesAsync(page.Context);
        Assert.NotEmpty(copied);

        // One session, wherever the next request lands: the other instance, or one restarted since.
        Assert.True(await app.AcceptsPageAsync(copied, app.BaseUrl));
        Assert.True(await app.AcceptsPageAsync(copied, app.SecondBaseUrl), "The second instance did not know the session.\n" + app.Second!.Log);
        Assert.True(await app.AcceptsExportAsync(copied, app.SecondBaseUrl));
        await app.RestartSecondAsync();
        Assert.True(await app.AcceptsPageAsync(copied, app.SecondBaseUrl), "The session did not survive a restart of the second instance.\n" + app.Second!.Log);

        // Signed out on the second instance (the browser's cookie goes to both: cookies do not tell ports apart).
        await page.GotoAsync(app.SecondBaseUrl + "/");
        await page.WaitForCircuitAsync();
        await UserMenu(page).GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, sign me out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{app.SecondBaseUrl}/signed-out");

        Assert.False(await app.AcceptsPageAsync(copied, app.BaseUrl), "The first instance still accepted a cookie signed out on the second.");
        Assert.False(await app.AcceptsExportAsync(copied, app.BaseUrl));
        Assert.False(await app.AcceptsPageAsync(copied, app.SecondBaseUrl));
        Assert.False(await app.AcceptsExportAsync(copied, app.SecondBaseUrl));
        await app.RestartSecondAsync();
        Assert.False(await app.AcceptsPageAsync(copied, app.SecondBaseUrl), "A restarted instance accepted a signed-out cookie.");
        Assert.False(await app.AcceptsExportAsync(copied, app.SecondBaseUrl));
    });

    [Fact]
    public Task AnOpenTabOnTheOtherInstance_LosesItsUserWhenTheSessionIsSignedOut() => app.RunAsync(async page =>
    {
        await app.StartSecondAsync();
        await app.SignInAsync(page, "author");
        var onSecond = await page.Context.NewPageAsync();
        await onSecond.GotoAsync(app.SecondBaseUrl + "/");
        await onSecond.WaitForCircuitAsync();
        await Expect(UserMenu(onSecond)).ToContainTextAsync("Alice Author");

        await UserMenu(page).GetByRole(AriaRole.Button, new() { Name = "Sign out", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, sign me out" }).ClickAsync();
        await Expect(page).ToHaveURLAsync($"{app.BaseUrl}/signed-out");

        // Within SessionCheckInterval (a second here) the tab on the other instance knows nobody.
        await Expect(UserMenu(onSecond)).ToHaveCountAsync(0);
    });
}
