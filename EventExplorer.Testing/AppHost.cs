using System.Diagnostics;

namespace EventExplorer.Testing;

/// <summary>
/// The built EventExplorer.Web started as its own process on a free loopback port, in Development
/// (which serves the static web assets of packages from the build output), configured by
/// environment variables. Used by the browser suite and the benchmarks.
/// </summary>
public sealed class AppHost : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private AppHost(ChildProcess process, string baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public string BaseUrl { get; }

    /// <summary>True once the process has ended (or was stopped by <see cref="DisposeAsync"/>).</summary>
    public bool HasExited => _process.HasExited;

    public string Log => _process.Output;

    /// <summary>
    /// Starts the app built in <paramref name="appDirectory"/> (default: <see cref="RepositoryPaths.WebAppDirectory"/>)
    /// and waits until Kestrel answers.
    /// </summary>
    /// <param name="port">The loopback port to listen on (when something else must know it first, e.g. a sign-in provider); a free one when null.</param>
    public static async Task<AppHost> StartAsync(IReadOnlyDictionary<string, string> settings, string? appDirectory = null, CancellationToken cancellationToken = default, int? port = null)
    {
        var directory = appDirectory ?? RepositoryPaths.WebAppDirectory();
        // The framework-dependent app host: the process is called EventExplorer.Web (the benchmarks find it by name).
        var executable = Path.Combine(directory, "EventExplorer.Web");
        if (!File.Exists(executable))
        {
            throw new FileNotFoundException($"The web app is not built at {executable}. Build the solution first.");
        }

        var baseUrl = $"http://127.0.0.1:{port ?? DynaliteServer.FreeLoopbackPort()}";
        var startInfo = new ProcessStartInfo(executable) { WorkingDirectory = directory };
        startInfo.Environment["ASPNETCORE_URLS"] = baseUrl;
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        startInfo.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in settings) startInfo.Environment[key] = value;

        var process = ChildProcess.Start(startInfo);
        var host = new AppHost(process, baseUrl);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(60))
        {
            if (process.HasExited)
            {
                // Waiting for the exit also waits for the rest of its output (why it stopped).
                await process.WaitForExitAsync(cancellationToken);
                throw new InvalidOperationException($"The web app exited with code {process.ExitCode}. Log:\n{host.Log}");
            }
            try
            {
                // Any answer (even 503 while the database is down) means Kestrel is serving.
                using var response = await http.GetAsync(baseUrl + "/healthz", cancellationToken);
                return host;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(200, cancellationToken);
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(200, cancellationToken);
            }
        }
        await host.DisposeAsync();
        throw new TimeoutException($"The web app did not answer on {baseUrl} within 60 s. Log:\n{host.Log}");
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
