using System.Diagnostics;
using EventExplorer.Testing;

namespace EventExplorer.Tests.Repository;

/// <summary>
/// The two test commands: <c>bash test.sh</c> runs everything (CI's command), <c>bash test.sh --fast</c> the
/// unit, render and data tests without the browser journeys, for the edit-test loop. Both are in the README.
/// </summary>
public sealed class TestCommandTests
{
    private static async Task<(int ExitCode, string[] Lines)> TestShAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash") { WorkingDirectory = RepositoryPaths.Root() };
        start.ArgumentList.Add("test.sh");
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        var (exitCode, output) = await ChildProcess.RunAsync(start, TimeSpan.FromSeconds(30));
        return (exitCode, output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
    }

    [Fact]
    public async Task Fast_RunsTheUnitBUnitAndDataTests_NotTheBrowserJourneys()
    {
        var (exitCode, projects) = await TestShAsync("--fast", "--list");

        Assert.Equal(0, exitCode);
        Assert.Equal(["./EventExplorer.Tests/EventExplorer.Tests.csproj"], projects);
    }

    [Fact]
    public async Task Plain_RunsEveryTestProject_TheBrowserJourneysIncluded()
    {
        var (exitCode, projects) = await TestShAsync("--list");

        Assert.Equal(0, exitCode);
        Assert.Equal(["./EventExplorer.Tests/EventExplorer.Tests.csproj", "./e2e/EventExplorer.E2E.csproj"], projects);
    }

    [Fact]
    public async Task AnUnknownArgument_IsRefusedSayingWhatExists()
    {
        var (exitCode, lines) = await TestShAsync("--quick");

        Assert.Equal(2, exitCode);
        Assert.Contains("--fast", Assert.Single(lines), StringComparison.Ordinal);
    }

    [Fact]
    public void Readme_RunTheTests_GivesBothCommands()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root(), "README.md"));
        var start = readme.IndexOf("## Run the tests", StringComparison.Ordinal);
        var section = readme[start..readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal)];

        Assert.Contains("bash test.sh --fast", section, StringComparison.Ordinal);
        Assert.Matches(new System.Text.RegularExpressions.Regex(@"^bash test\.sh\s+(#|$)", System.Text.RegularExpressions.RegexOptions.Multiline), section);
    }
}
