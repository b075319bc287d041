using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace EventExplorer.Testing;

/// <summary>
/// Starts the pinned dynalite (npm, see package.json) as a child process on a free loopback port.
/// Used by the tests, the browser suite, the benchmarks and the local run command, so that all of
/// them talk to the same DynamoDB-compatible server.
/// </summary>
public sealed class DynaliteServer : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private DynaliteServer(ChildProcess process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string ServiceUrl => $"http://127.0.0.1:{Port}";

    /// <summary>What dynalite printed so far (for failure messages).</summary>
    public string Output => _process.Output;

    public bool HasExited => _process.HasExited;

    /// <summary>The id of the process dynalite runs in (its CPU time, for the benchmarks).</summary>
    public int ProcessId => _process.ProcessId;

    /// <summary>
    /// Starts dynalite. <paramref name="dataPath"/> null keeps the data in memory; otherwise LevelDB files go there.
    /// </summary>
    public static async Task<DynaliteServer> StartAsync(string? dataPath = null, int? port = null, CancellationToken cancellationToken = default)
    {
        var cli = FindCli();
        var chosenPort = port ?? FreeLoopbackPort();
        var startInfo = new ProcessStartInfo("node");
        startInfo.ArgumentList.Add(cli);
        foreach (var arg in new[] { "--host", "127.0.0.1", "--port", chosenPort.ToString(), "--createTableMs", "0", "--deleteTableMs", "0", "--updateTableMs", "0" })
        {
            startInfo.ArgumentList.Add(arg);
        }
        if (dataPath is not null)
        {
            Directory.CreateDirectory(dataPath);
            startInfo.ArgumentList.Add("--path");
            startInfo.ArgumentList.Add(dataPath);
        }

        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = ChildProcess.Start(startInfo, line =>
        {
            if (line.Contains("listening", StringComparison.OrdinalIgnoreCase)) listening.TrySetResult();
        });
        var server = new DynaliteServer(process, chosenPort);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(30));
        var exited = process.WaitForExitAsync(timeout.Token);
        var first = await Task.WhenAny(listening.Task, exited, Task.Delay(Timeout.Infinite, timeout.Token)).ConfigureAwait(false);
        if (first != listening.Task)
        {
            await server.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"dynalite did not start on port {chosenPort}. Output:\n{server.Output}");
        }
        return server;
    }

    /// <summary>Stops the server abruptly (the tests use this to simulate a database that went down).</summary>
    public ValueTask DisposeAsync() => _process.DisposeAsync();

    /// <summary>A TCP port on 127.0.0.1 that nothing listens on right now.</summary>
    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// node_modules/dynalite/cli.js from DYNALITE_CLI, or the nearest folder above the current
    /// directory or the app's base directory that has it installed (npm ci at the repository root).
    /// </summary>
    public static string FindCli()
    {
        var fromEnv = Environment.GetEnvironmentVariable("DYNALITE_CLI");
        if (!string.IsNullOrEmpty(fromEnv) && File.Exists(fromEnv)) return fromEnv;

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var cli = Path.Combine(dir.FullName, "node_modules", "dynalite", "cli.js");
                if (File.Exists(cli)) return cli;
            }
        }
        throw new FileNotFoundException("dynalite is not installed: run 'npm ci' at the repository root (the README's commands do this).");
    }
}
