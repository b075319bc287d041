using System.Diagnostics;

namespace EventExplorer.Testing;

/// <summary>
/// Debian's <c>redis-server</c> started as a child process on a free loopback port, with nothing
/// written to disk (<c>--save "" --appendonly no</c>): the shared session store and key ring of the
/// tests that run several app instances. Disposing it stops the server and forgets everything.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    /// <summary>Where Debian's package puts it (test.sh installs it when missing).</summary>
    public const string Executable = "/usr/bin/redis-server";

    private readonly ChildProcess _process;

    private RedisServer(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The connection string the app takes (EventExplorer:Redis:ConnectionString).</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    public string Output => _process.Output;

    public static async Task<RedisServer> StartAsync(CancellationToken cancellationToken = default)
    {
        if (!File.Exists(Executable))
        {
            throw new FileNotFoundException($"{Executable} is not installed: apt-get install redis-server (test.sh does).");
        }
        var port = DynaliteServer.FreeLoopbackPort();
        var startInfo = new ProcessStartInfo(Executable) { WorkingDirectory = Path.GetTempPath() };
        foreach (var arg in new[] { "--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no" })
        {
            startInfo.ArgumentList.Add(arg);
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = ChildProcess.Start(startInfo, line =>
        {
            if (line.Contains("Ready to accept connections", StringComparison.Ordinal)) ready.TrySetResult();
        });
        var server = new RedisServer(process, port);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var exited = process.WaitForExitAsync(timeout.Token);
        var first = await Task.WhenAny(ready.Task, exited, Task.Delay(Timeout.Infinite, timeout.Token)).ConfigureAwait(false);
        if (first != ready.Task)
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"redis-server did not start on port {port}. Output:\n{server.Output}");
        }
        return server;
    }

    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
