using System.Diagnostics;

namespace EventExplorer.Testing;

/// <summary>
/// A real file system of a few kilobytes (a tmpfs mounted for one test), to fill up: what a full disk
/// does to a file being appended to (a write that takes part of its bytes, then "No space left on
/// device") cannot be faked faithfully. Mounting needs root, or sudo without a password; the tests say
/// so plainly when neither is there. Unmounted (and its folder removed) on dispose.
/// </summary>
public sealed class SmallFileSystem : IAsyncDisposable
{
    private const string FillerName = "filler.bin";
    private bool _disposed;

    private SmallFileSystem(string path, int sizeBytes)
    {
        Path = path;
        SizeBytes = sizeBytes;
    }

    /// <summary>The mount point.</summary>
    public string Path { get; }

    public int SizeBytes { get; }

    /// <summary>Mounts a tmpfs of <paramref name="sizeBytes"/> (tmpfs rounds up to whole 4 KB pages) in a new temporary folder.</summary>
    public static async Task<SmallFileSystem> MountAsync(int sizeBytes)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "ee-small-fs-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        var (exit, output) = await RunAsync("mount", "-t", "tmpfs", "-o", $"size={sizeBytes},mode=0777", "tmpfs", path).ConfigureAwait(false);
        if (exit != 0)
        {
            Directory.Delete(path);
            throw new InvalidOperationException(
                $"Could not mount a {sizeBytes}-byte tmpfs at {path} (exit {exit}: {output.Trim()}). The full-disk tests need a real small file system: " +
                "run them as root or with sudo that asks no password (mount -t tmpfs).");
        }
        return new SmallFileSystem(path, sizeBytes);
    }

    /// <summary>Takes every byte left with a file of its own; returns how many it took.</summary>
    public long Fill()
    {
        var filler = System.IO.Path.Combine(Path, FillerName);
        using var stream = new FileStream(filler, FileMode.Append, FileAccess.Write, FileShare.None, bufferSize: 0);
        var chunk = new byte[256];
        try
        {
            while (true) stream.Write(chunk);
        }
        catch (IOException)
        {
            // No space left: that was the point.
        }
        return stream.Length;
    }

    /// <summary>Gives back what <see cref="Fill"/> took.</summary>
    public void Free() => File.Delete(System.IO.Path.Combine(Path, FillerName));

    public async ValueTask DisposeAsync()
    {
        if (_disposed) return;
        _disposed = true;
        // Lazily: a process that still holds a file there (the app being stopped) must not keep it mounted.
        await RunAsync("umount", "-l", Path).ConfigureAwait(false);
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string command, params string[] arguments)
    {
        var root = Environment.UserName == "root";
        var start = new ProcessStartInfo(root ? command : "sudo");
        if (!root)
        {
            start.ArgumentList.Add("-n");
            start.ArgumentList.Add(command);
        }
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        try
        {
            return await ChildProcess.RunAsync(start, TimeSpan.FromMinutes(1)).ConfigureAwait(false);
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return (-1, ex.Message);
        }
    }
}
