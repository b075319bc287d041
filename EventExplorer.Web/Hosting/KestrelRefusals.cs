using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace EventExplorer.Web.Hosting;

/// <summary>
/// The security headers on the answers Kestrel writes itself, before any middleware runs: a request
/// line too long (414), headers too large (431), a malformed request (400), a request that took too
/// long to send (408). Kestrel offers no hook for them, so a connection middleware watches what goes
/// out: the app's responses pass untouched, and a response written while none of the app's is under
/// way on the connection (only Kestrel writes those) gets the headers added to its head.
/// </summary>
/// <remarks>
/// This sees plain HTTP/1.x only. When Kestrel itself terminates TLS, its connection middleware runs
/// inside this one, so what passes here is encrypted and goes out unchanged (behind a TLS terminator,
/// as the README's production setup is, the app's port is plain HTTP and this applies).
/// </remarks>
public static class KestrelRefusals
{
    /// <summary>The header lines added to Kestrel's own answers: they have no body, so the strictest policy.</summary>
    internal static ReadOnlySpan<byte> HeaderLines =>
        "Content-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n"u8 +
        "X-Content-Type-Options: nosniff\r\n"u8 +
        "Referrer-Policy: no-referrer\r\n"u8 +
        "X-Frame-Options: DENY\r\n"u8 +
        "Cross-Origin-Opener-Policy: same-origin\r\n"u8;

    /// <summary>Watches every connection of every endpoint Kestrel listens on.</summary>
    public static void AddSecurityHeaders(KestrelServerOptions kestrel) =>
        kestrel.ConfigureEndpointDefaults(listen => listen.Use(next => connection => OnConnectionAsync(next, connection)));

    private static async Task OnConnectionAsync(ConnectionDelegate next, ConnectionContext connection)
    {
        var responses = new AppResponses();
        // Requests see their connection's features: the app marks its responses on this.
        connection.Features.Set(responses);
        var transport = connection.Transport;
        var output = new RefusalHeadersWriter(transport.Output, responses);
        connection.Transport = new DuplexPipe(transport.Input, output);
        try
        {
            await next(connection);
        }
        finally
        {
            connection.Transport = transport;
        }
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;
        public PipeWriter Output { get; } = output;
    }
}

/// <summary>
/// The app's responses under way on one connection: from the request reaching the app until Kestrel
/// has written its response and run its completion callbacks. Kestrel writes a refusal only after
/// that (it parses the next request once the previous one is complete), so a write while none is
/// under way is Kestrel's own.
/// </summary>
internal sealed class AppResponses
{
    private int _running;

    public bool AnyRunning => Volatile.Read(ref _running) > 0;

    /// <summary>Marks <paramref name="context"/>'s response as under way until it has completed.</summary>
    public void Track(HttpContext context)
    {
        Interlocked.Increment(ref _running);
        context.Response.OnCompleted(static state =>
        {
            Interlocked.Decrement(ref ((AppResponses)state)._running);
            return Task.CompletedTask;
        }, this);
    }
}

/// <summary>
/// Passes the app's output through; holds what Kestrel writes on its own until it is flushed, and adds
/// the security headers to it when it is an HTTP/1.x response head. Anything else (an HTTP/2 frame
/// Kestrel sends to a client that spoke the wrong protocol, encrypted TLS records) goes out as it was.
/// </summary>
internal sealed class RefusalHeadersWriter(PipeWriter inner, AppResponses responses) : PipeWriter
{
    private readonly ArrayBufferWriter<byte> _own = new();

    // Where the memory last handed out came from, so that its Advance goes to the same place even if
    // a response completed in between (HTTP/2 streams complete on other threads).
    private bool _handedOutOwn;

    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        if (!responses.AnyRunning)
        {
            _handedOutOwn = true;
            return _own.GetMemory(sizeHint);
        }
        // Whatever was held goes first, so the bytes keep their order.
        WriteOutHeld();
        _handedOutOwn = false;
        return inner.GetMemory(sizeHint);
    }

    public override Span<byte> GetSpan(int sizeHint = 0) => GetMemory(sizeHint).Span;

    public override void Advance(int bytes)
    {
        if (_handedOutOwn) _own.Advance(bytes);
        else inner.Advance(bytes);
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        WriteOutHeld();
        return inner.FlushAsync(cancellationToken);
    }

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null)
    {
        WriteOutHeld();
        inner.Complete(exception);
    }

    public override ValueTask CompleteAsync(Exception? exception = null)
    {
        WriteOutHeld();
        return inner.CompleteAsync(exception);
    }

    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes + _own.WrittenCount;

    private void WriteOutHeld()
    {
        var held = _own.WrittenSpan;
        if (held.IsEmpty) return;
        var headEnd = held.IndexOf("\r\n\r\n"u8);
        if (held.StartsWith("HTTP/1."u8) && headEnd >= 0)
        {
            // After the last header line, before the blank line that ends the head.
            inner.Write(held[..(headEnd + 2)]);
            inner.Write(KestrelRefusals.HeaderLines);
            inner.Write(held[(headEnd + 2)..]);
        }
        else
        {
            inner.Write(held);
        }
        _own.ResetWrittenCount();
    }
}
