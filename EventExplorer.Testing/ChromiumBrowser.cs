using Microsoft.Playwright;

namespace EventExplorer.Testing;

/// <summary>Debian's Chromium driven by Playwright (Playwright's own browser download is not reachable here).</summary>
public static class ChromiumBrowser
{
    public const string ChromiumPath = "/usr/bin/chromium";

    public static async Task<(IPlaywright Playwright, IBrowser Browser)> LaunchAsync()
    {
        var executable = Environment.GetEnvironmentVariable("EVENTEXPLORER_CHROMIUM") ?? ChromiumPath;
        if (!File.Exists(executable))
        {
            throw new FileNotFoundException($"Chromium not found at {executable}: the README's test command installs it (apt-get install chromium).");
        }
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--no-first-run", "--disable-quic",
            ],
        });
        return (playwright, browser);
    }
}
