using EventExplorer.Data.Demo;
using EventExplorer.E2E.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace EventExplorer.E2E.Journeys;

/// <summary>Snapshots verified against their events: one from its page, and the check of every order's snapshot, over the demo data.</summary>
[Collection(DemoStoreCollection.Name)]
public sealed class SnapshotVerificationJourneys(DemoStoreFixture store)
{
    private const string Order = "order-2024-000100";

    [Fact]
    public Task ASnapshotIsVerifiedFromItsPage_AndTheVerdictSaysWhichVersionItMatches() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/snapshots/" + Order);
        await page.GetByRole(AriaRole.Link, new() { Name = "Verify against events" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(store.BaseUrl + "/snapshots/" + Order + "?verify=true");

        var verification = page.GetByRole(AriaRole.Region, new() { Name = "Verification against events" });
        var verdict = verification.Locator(".verify-verdict");
        await Expect(verdict).ToContainTextAsync("Matches.");
        await Expect(verdict).ToContainTextAsync("the last commit at or before the snapshot's createdAt");
        await Expect(verification.Locator(".verify-cost")).ToContainTextAsync("Done");
        await Expect(verification.Locator(".verify-cost")).ToContainTextAsync("request");
        await Expect(verification.Locator(".verify-reducer")).ToContainTextAsync("JavaScript reducer \"orders\"");
        var violations = await page.SeriousViolationsAsync("snapshot verification");
        Assert.True(violations.Count == 0, string.Join("\n", violations));
    });

    [Fact]
    public Task TheOrdersSnapshotsAreChecked_AndTheMalformedOneLeadsToItsVerification() => store.RunAsync(async page =>
    {
        await page.OpenAsync("/snapshots");
        await page.GetByRole(AriaRole.Link, new() { Name = "Check snapshots" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(store.BaseUrl + "/snapshots/check");
        await Expect(page.GetByText("Choose what to check.")).ToBeVisibleAsync();

        await page.TextBox("Snapshot id prefix").FillAsync("order-");
        await page.GetByRole(AriaRole.Button, new() { Name = "Check snapshots" }).ClickAsync();
        await Expect(page).ToHaveURLAsync(store.BaseUrl + "/snapshots/check?prefix=order-&run=true");
        await Expect(page.Locator(".read-state")).ToHaveTextAsync("Done");
        await Expect(page.Locator(".count-malformed")).ToHaveTextAsync("1");
        Assert.True(int.Parse(await page.Locator(".count-checked").InnerTextAsync(), System.Globalization.CultureInfo.InvariantCulture) > 1);
        var problems = page.GetByRole(AriaRole.Table, new() { Name = "Snapshots that do not match" });
        var malformed = problems.GetByRole(AriaRole.Row).Filter(new() { HasText = DemoAggregates.MalformedSnapshot });
        await Expect(malformed).ToContainTextAsync("malformed state");
        var violations = await page.SeriousViolationsAsync("snapshot check");
        Assert.True(violations.Count == 0, string.Join("\n", violations));

        var export = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Link, new() { Name = "Export mismatches (CSV)" }).ClickAsync());
        var csv = await File.ReadAllTextAsync(await export.PathAsync());
        Assert.Contains(DemoAggregates.MalformedSnapshot + ",", csv, StringComparison.Ordinal);
        Assert.Contains(",malformed,", csv, StringComparison.Ordinal);

        await malformed.GetByRole(AriaRole.Link, new() { Name = DemoAggregates.MalformedSnapshot }).ClickAsync();
        await Expect(page).ToHaveURLAsync(store.BaseUrl + "/snapshots/" + DemoAggregates.MalformedSnapshot + "?verify=true");
        await Expect(page.Locator(".verify-verdict")).ToContainTextAsync("not JSON that can be compared");
    });
}
