using EventExplorer.Testing;

namespace EventExplorer.Tests.Web.Observability;

/// <summary>
/// The console of <c>bash run.sh</c> (Development, the app's own settings files) is for a person to read: what
/// the app did and what went wrong, not a debug line per request.
/// </summary>
public sealed class LogLevelTests
{
    [Fact]
    public async Task InDevelopment_RequestsWriteNoDebugLinesToTheConsole()
    {
        await using var app = await AppHost.StartAsync(new Dictionary<string, string>
        {
            ["EventExplorer__ServiceUrl"] = "http://127.0.0.1:9",
            ["Logging__Console__FormatterOptions__ColorBehavior"] = "Disabled",
        });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };

        // A few requests that pass through sign-in (off: this machine only), as every page and link does.
        for (var i = 0; i < 3; i++)
        {
            using var _ = await http.GetAsync(app.BaseUrl + "/no-such-page");
        }
        await app.DisposeAsync();

        var lines = app.Log.Split('\n');
        Assert.Contains(lines, l => l.StartsWith("info: ", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("dbug: ", StringComparison.Ordinal) || l.StartsWith("trce: ", StringComparison.Ordinal));
        Assert.DoesNotContain("was successfully authenticated", app.Log, StringComparison.Ordinal);
    }
}
