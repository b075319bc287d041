using System.Diagnostics;
using System.Text;

namespace EventExplorer.Testing;

/// <summary>
/// A process started for tests and tools (dynalite, the built web app): its output is kept for
/// failure messages, and disposing it stops the whole process tree, once, however often it is called.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private bool _disposed;

    private ChildProcess(Process process) => _process = process;

    /// <summary>Starts <paramref name="startInfo"/> with both streams captured; <paramref name="onLine"/> sees every line as it arrives.</summary>
    public static ChildProcess Start(ProcessStartInfo startInfo, Action<string>? onLine = null)
    {
        startInfo.RedirectStandardOutput = true;
        startInfo.RedirectStandardError = true;
        startInfo.UseShellExecute = false;
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {startInfo.FileName}.");
        var child = new ChildProcess(process);
        void Receive(object sender, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lock (child._output) { child._output.AppendLine(e.Data); }
            onLine?.Invoke(e.Data);
        }
        process.OutputDataReceived += Receive;
        process.ErrorDataReceived += Receive;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>
    /// Runs a command to its end (a publish, a Lighthouse audit): its exit code and everything it printed.
    /// One that is still running after <paramref name="timeout"/> is stopped, with a <see cref="TimeoutException"/>.
    /// </summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(ProcessStartInfo startInfo, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        await using var process = Start(startInfo);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{startInfo.FileName} did not finish within {timeout.TotalMinutes:0} minutes. It printed:\n{process.Output}");
        }
        return (process.ExitCode, process.Output);
    }

    /// <summary>Everything the process printed so far, stdout and stderr interleaved.</summary>
    public string Output
    {
        get { lock (_output) { return _output.ToString(); } }
    }

    /// <summary>True once the process has ended or was stopped.</summary>
    public bool HasExited => _disposed || _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>The operating system's id of the process (for CPU and memory readings from /proc).</summary>
    public int ProcessId => _process.Id;

    public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync().ConfigureAwait(false);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
        _process.Dispose();
    }
}
