namespace EventExplorer.Testing;

/// <summary>Where things are in the repository, found from the running test or tool's own location.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding EventExplorer.sln, found by walking up from the current assembly.</summary>
    public static string Root()
    {
        foreach (var start in new[] { AppContext.BaseDirectory, Directory.GetCurrentDirectory() })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "EventExplorer.sln"))) return dir.FullName;
            }
        }
        throw new DirectoryNotFoundException("EventExplorer.sln was not found above " + AppContext.BaseDirectory);
    }

    /// <summary>
    /// The web app's build output in the configuration the caller was built in (a Release benchmark
    /// starts the Release app): bin/Debug or bin/Release is read off the caller's own path.
    /// </summary>
    public static string WebAppDirectory() => Path.Combine(Root(), "EventExplorer.Web", "bin", Configuration(), "net10.0");

    /// <summary>Debug or Release: the configuration the caller was built in.</summary>
    public static string Configuration() =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
}
