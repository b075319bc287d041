using System.Diagnostics;
using System.Text.Json;

namespace EventExplorer.Testing;

/// <summary>A user of the test provider: what its claims say.</summary>
public sealed record OpenIdUser(string Name, IReadOnlyList<string> Groups);

/// <summary>
/// A real OpenID Connect provider for the sign-in tests: the pinned npm <c>oidc-provider</c>
/// (package.json), run by OpenIdProvider/provider.mjs on a free loopback port with one client and
/// the given users. Its sign-in page asks only for a user name.
/// </summary>
public sealed class OpenIdProvider : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private OpenIdProvider(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The issuer (and authority) URL: http://127.0.0.1:port.</summary>
    public string Issuer => $"http://127.0.0.1:{Port}";

    public string Output => _process.Output;

    /// <summary>
    /// Starts a provider whose client <paramref name="clientId"/> may send users back to
    /// <paramref name="appBaseUrl"/> (its /signin-oidc and /signout-callback-oidc).
    /// <paramref name="tag"/> keeps two providers' cookies apart (browsers do not tell ports apart).
    /// </summary>
    public static Task<OpenIdProvider> StartAsync(string appBaseUrl, string clientId, string clientSecret,
        IReadOnlyDictionary<string, OpenIdUser> users, string tag = "a", CancellationToken cancellationToken = default) =>
        StartAsync([appBaseUrl], clientId, clientSecret, users, tag, cancellationToken);

    /// <summary>As above, for a client that runs as several instances (<paramref name="appBaseUrls"/>), each with its own callbacks.</summary>
    public static async Task<OpenIdProvider> StartAsync(IReadOnlyList<string> appBaseUrls, string clientId, string clientSecret,
        IReadOnlyDictionary<string, OpenIdUser> users, string tag = "a", CancellationToken cancellationToken = default)
    {
        var script = Path.Combine(RepositoryPaths.Root(), "EventExplorer.Testing", "OpenIdProvider", "provider.mjs");
        if (!File.Exists(Path.Combine(RepositoryPaths.Root(), "node_modules", "oidc-provider", "package.json")))
        {
            throw new FileNotFoundException("oidc-provider is not installed: run npm ci in the repository root (test.sh does).");
        }
        var port = DynaliteServer.FreeLoopbackPort();
        var settings = JsonSerializer.Serialize(new
        {
            port,
            clientId,
            clientSecret,
            redirectUris = appBaseUrls.Select(url => $"{url}/signin-oidc").ToArray(),
            postLogoutRedirectUris = appBaseUrls.Select(url => $"{url}/signout-callback-oidc").ToArray(),
            users = users.ToDictionary(u => u.Key, u => new { name = u.Value.Name, groups = u.Value.Groups }),
            tag,
        });
        var startInfo = new ProcessStartInfo("node") { WorkingDirectory = RepositoryPaths.Root() };
        startInfo.ArgumentList.Add(script);
        startInfo.Environment["OIDC_TEST_CONFIG"] = settings;
        // oidc-provider warns about its development defaults (keys, adapter) on every start; they are what a test wants.
        startInfo.Environment["NODE_ENV"] = "test";

        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = ChildProcess.Start(startInfo, line =>
        {
            if (line.Contains("oidc-provider listening", StringComparison.Ordinal)) listening.TrySetResult();
        });
        var provider = new OpenIdProvider(process, port);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var exited = process.WaitForExitAsync(timeout.Token);
        var first = await Task.WhenAny(listening.Task, exited, Task.Delay(Timeout.Infinite, timeout.Token)).ConfigureAwait(false);
        if (first != listening.Task)
        {
            await provider.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"oidc-provider did not start on port {port}. Output:\n{provider.Output}");
        }
        return provider;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
