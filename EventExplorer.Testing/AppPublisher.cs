using System.Diagnostics;

namespace EventExplorer.Testing;

/// <summary>
/// Publishes the web app as a production deployment would run it (<c>dotnet publish</c>), from the
/// build the caller runs against (--no-build: the solution is built already, so this takes seconds).
/// Outside Development the app serves its static assets only from a published build.
/// </summary>
public static class AppPublisher
{
    public static async Task PublishAsync(string outputDirectory, CancellationToken cancellationToken = default)
    {
        var project = Path.Combine(RepositoryPaths.Root(), "EventExplorer.Web", "EventExplorer.Web.csproj");
        var startInfo = new ProcessStartInfo("dotnet") { WorkingDirectory = RepositoryPaths.Root() };
        foreach (var arg in new[] { "publish", project, "--no-build", "-c", RepositoryPaths.Configuration(), "-o", outputDirectory, "-nologo" })
        {
            startInfo.ArgumentList.Add(arg);
        }
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        var (exitCode, output) = await ChildProcess.RunAsync(startInfo, TimeSpan.FromMinutes(3), cancellationToken);
        if (exitCode != 0 || !File.Exists(Path.Combine(outputDirectory, "EventExplorer.Web")))
        {
            throw new InvalidOperationException($"dotnet publish failed (exit code {exitCode}):\n{output}");
        }
    }
}
