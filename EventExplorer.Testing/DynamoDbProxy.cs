using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventExplorer.Testing;

/// <summary>One DynamoDB request as it passed through a <see cref="DynamoDbProxy"/>.</summary>
/// <param name="Operation">The API call, from the X-Amz-Target header ("Query", "GetItem", "DescribeTable").</param>
/// <param name="TableName">The request's TableName, when it has one.</param>
/// <param name="IndexName">The request's IndexName (a Query or Scan over an index).</param>
/// <param name="Body">The JSON request body (for failure messages and for deciding what to do with a request).</param>
public sealed record ProxiedRequest(string Operation, string? TableName, string? IndexName, string Body)
{
    public override string ToString() =>
        Operation + (TableName is null ? "" : " " + TableName) + (IndexName is null ? "" : "/" + IndexName);
}

/// <summary>What a <see cref="DynamoDbProxy.Intercept"/> hook answers instead of forwarding a request.</summary>
public sealed record ProxyReply(int StatusCode, string Body, string ContentType = "application/x-amz-json-1.0");

/// <summary>
/// A plain HTTP proxy between an app and a DynamoDB-compatible server (dynalite), on a free loopback
/// port. It forwards every request unchanged and records it by operation, so a test can count what
/// a page really asked DynamoDB. It is also how the tests make the database misbehave, which
/// dynalite never does by itself: <see cref="Inject"/> stalls, delays, drops replies after the
/// request was carried out, holds a write back until after its client gave up, or answers with
/// DynamoDB's errors (throttling, 500), per operation and for the next N requests or until <see cref="Heal"/>.
/// </summary>
public sealed class DynamoDbProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _forward;
    private readonly Uri _target;
    private readonly List<ProxiedRequest> _requests = [];
    private readonly List<ActiveFault> _faults = [];
    private readonly List<(ProxiedRequest Request, FaultAction Action)> _faulted = [];
    private readonly List<(Func<ProxiedRequest, bool> Match, TaskCompletionSource Reached)> _faultWaiters = [];
    // Ends every stall when the proxy stops, so that Kestrel can shut down.
    private readonly CancellationTokenSource _stopping = new();
    private int _inFlight;

    private DynamoDbProxy(WebApplication app, HttpClient forward, Uri target)
    {
        _app = app;
        _forward = forward;
        _target = target;
    }

    /// <summary>Where the app should send its DynamoDB requests (http://127.0.0.1:port).</summary>
    public string Url { get; private set; } = "";

    /// <summary>Where requests are forwarded to.</summary>
    public string TargetUrl => _target.ToString().TrimEnd('/');

    /// <summary>
    /// Called for every request that no injected fault matched, before it is forwarded. Returning a
    /// reply answers the request with it instead; returning null forwards it. The hook may also wait:
    /// the token ends when the caller gives up on the request. <see cref="Inject"/> covers the usual faults.
    /// </summary>
    public Func<ProxiedRequest, CancellationToken, Task<ProxyReply?>>? Intercept { get; set; }

    /// <summary>Requests received since the start or the last <see cref="Reset"/>, in arrival order.</summary>
    public IReadOnlyList<ProxiedRequest> Requests
    {
        get { lock (_requests) return _requests.ToList(); }
    }

    /// <summary>Requests received but not answered yet.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>How many requests of each operation arrived ("Query" → 3).</summary>
    public IReadOnlyDictionary<string, int> CountByOperation() =>
        Requests.GroupBy(r => r.Operation).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    public int Count(string operation) => Requests.Count(r => r.Operation == operation);

    /// <summary>Forgets the requests seen so far (the faults stay; see <see cref="Heal"/>).</summary>
    public void Reset()
    {
        lock (_requests)
        {
            _requests.Clear();
            _faulted.Clear();
        }
    }

    /// <summary>
    /// Adds a fault. Faults are tried in the order they were injected; the first that matches a
    /// request applies to it (and counts one of its <see cref="ProxyFault.Times"/>).
    /// </summary>
    public void Inject(ProxyFault fault)
    {
        lock (_faults) _faults.Add(new ActiveFault(fault));
    }

    /// <summary>
    /// Removes every fault: requests from now on are forwarded at once. Requests already stalled stay
    /// unanswered until their client gives up, as they would on a real network.
    /// </summary>
    public void Heal()
    {
        lock (_faults) _faults.Clear();
    }

    /// <summary>The faults still active (those with a count left, and those that last until healed).</summary>
    public IReadOnlyList<ProxyFault> ActiveFaults
    {
        get { lock (_faults) return _faults.Select(f => f.Fault).ToList(); }
    }

    /// <summary>Requests a fault applied to since the start or the last <see cref="Reset"/>, with what was done to them.</summary>
    public IReadOnlyList<(ProxiedRequest Request, FaultAction Action)> Faulted
    {
        get { lock (_requests) return _faulted.ToList(); }
    }

    /// <summary>
    /// Completes when a fault has applied to a request that <paramref name="match"/> accepts (at once if one
    /// already has since the last <see cref="Reset"/>); fails after <paramref name="limit"/> saying what never came.
    /// </summary>
    public async Task WaitForFaultAsync(Func<ProxiedRequest, bool> match, TimeSpan limit, string what)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_requests)
        {
            if (_faulted.Any(f => match(f.Request))) return;
            _faultWaiters.Add((match, reached));
        }
        try
        {
            await reached.Task.WaitAsync(limit).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{what} never reached the database (no faulted request within {limit.TotalSeconds:0} s).");
        }
        finally
        {
            lock (_requests) _faultWaiters.RemoveAll(w => w.Reached == reached);
        }
    }

    /// <summary>The fault that applies to <paramref name="request"/>, if any, counting it down.</summary>
    private ProxyFault? Take(ProxiedRequest request)
    {
        lock (_faults)
        {
            var index = _faults.FindIndex(f => f.Fault.Matches(request));
            if (index < 0) return null;
            var active = _faults[index];
            if (active.Remaining is { } remaining && --active.Remaining == 0) _faults.RemoveAt(index);
            return active.Fault;
        }
    }

    private sealed class ActiveFault(ProxyFault fault)
    {
        public ProxyFault Fault { get; } = fault;
        public int? Remaining { get; set; } = fault.Times;
    }

    /// <summary>Starts a proxy to <paramref name="targetUrl"/> on a free loopback port.</summary>
    public static async Task<DynamoDbProxy> StartAsync(string targetUrl, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        // Port 0: the system picks a free port when Kestrel binds, so two proxies never race for one.
        builder.WebHost.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();

        var forward = new HttpClient(new SocketsHttpHandler
        {
            UseProxy = false,
            AutomaticDecompression = DecompressionMethods.None,
            AllowAutoRedirect = false,
            UseCookies = false,
        })
        { Timeout = Timeout.InfiniteTimeSpan };
        var proxy = new DynamoDbProxy(app, forward, new Uri(targetUrl));
        app.Run(proxy.HandleAsync);

        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        proxy.Url = address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/');
        return proxy;
    }

    private async Task HandleAsync(HttpContext context)
    {
        Interlocked.Increment(ref _inFlight);
        try
        {
            var aborted = context.RequestAborted;
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, aborted).ConfigureAwait(false);
            var body = buffer.ToArray();
            var request = Describe(context.Request, body);
            lock (_requests) _requests.Add(request);

            var fault = Take(request);
            if (fault is not null)
            {
                lock (_requests)
                {
                    _faulted.Add((request, fault.Action));
                    foreach (var waiter in _faultWaiters.Where(w => w.Match(request))) waiter.Reached.TrySetResult();
                }
            }
            switch (fault?.Action)
            {
                case FaultAction.Stall:
                    using (var stall = CancellationTokenSource.CreateLinkedTokenSource(aborted, _stopping.Token))
                    {
                        try
                        {
                            await Task.Delay(Timeout.Infinite, stall.Token).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
                        {
                            // The proxy stops: drop the connection rather than answer.
                            context.Abort();
                        }
                    }
                    return;
                case FaultAction.Delay:
                    await Task.Delay(fault.DelayBy, aborted).ConfigureAwait(false);
                    break;
                case FaultAction.Reply:
                    await WriteReplyAsync(context, fault.Reply!, aborted).ConfigureAwait(false);
                    return;
                case FaultAction.Hold:
                    // The client's giving up does not stop it: that is the point of this fault.
                    await fault.Held!.WaitAsync(_stopping.Token).ConfigureAwait(false);
                    using (await ForwardAsync(context.Request, body, _stopping.Token).ConfigureAwait(false))
                    {
                        fault.Held.MarkDelivered();
                    }
                    context.Abort();
                    return;
            }

            if (fault is null && Intercept is { } intercept && await intercept(request, aborted).ConfigureAwait(false) is { } reply)
            {
                await WriteReplyAsync(context, reply, aborted).ConfigureAwait(false);
                return;
            }

            using var response = await ForwardAsync(context.Request, body, aborted).ConfigureAwait(false);
            if (fault?.Action == FaultAction.DropReply)
            {
                // The database has done what was asked; the client only sees the connection go.
                context.Abort();
                return;
            }
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (IsHopByHop(name)) continue;
                context.Response.Headers[name] = values.ToArray();
            }
            await response.Content.CopyToAsync(context.Response.Body, aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested || _stopping.IsCancellationRequested)
        {
            // The app gave up on the request (its timeout); nothing to answer.
        }
        catch (HttpRequestException) when (!context.Response.HasStarted)
        {
            // The database is down: drop the connection, as the SDK would see a server that is not there.
            context.Abort();
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task<HttpResponseMessage> ForwardAsync(HttpRequest request, byte[] body, CancellationToken cancellationToken)
    {
        using var outgoing = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(_target, request.Path.Value + request.QueryString.Value));
        outgoing.Content = new ByteArrayContent(body);
        foreach (var (name, values) in request.Headers)
        {
            if (IsHopByHop(name) || name.Equals("Host", StringComparison.OrdinalIgnoreCase)) continue;
            if (!outgoing.Headers.TryAddWithoutValidation(name, values.ToArray()))
            {
                outgoing.Content.Headers.TryAddWithoutValidation(name, values.ToArray());
            }
        }
        return await _forward.SendAsync(outgoing, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
    }

    private static async Task WriteReplyAsync(HttpContext context, ProxyReply reply, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = reply.StatusCode;
        context.Response.ContentType = reply.ContentType;
        // DynamoDB names every reply; the SDK puts the id into its exceptions.
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString("N");
        await context.Response.WriteAsync(reply.Body, cancellationToken).ConfigureAwait(false);
    }

    private static ProxiedRequest Describe(HttpRequest request, byte[] body)
    {
        var target = request.Headers["X-Amz-Target"].ToString();
        var operation = target.Length == 0 ? request.Method + " " + request.Path : target[(target.LastIndexOf('.') + 1)..];
        var text = Encoding.UTF8.GetString(body);
        string? table = null, index = null;
        try
        {
            using var json = JsonDocument.Parse(body);
            if (json.RootElement.ValueKind == JsonValueKind.Object)
            {
                if (json.RootElement.TryGetProperty("TableName", out var t) && t.ValueKind == JsonValueKind.String) table = t.GetString();
                if (json.RootElement.TryGetProperty("IndexName", out var i) && i.ValueKind == JsonValueKind.String) index = i.GetString();
            }
        }
        catch (JsonException)
        {
        }
        return new ProxiedRequest(operation, table, index, text);
    }

    private static bool IsHopByHop(string header) =>
        header.Equals("Connection", StringComparison.OrdinalIgnoreCase)
        || header.Equals("Keep-Alive", StringComparison.OrdinalIgnoreCase)
        || header.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase)
        || header.Equals("Upgrade", StringComparison.OrdinalIgnoreCase)
        || header.Equals("Proxy-Connection", StringComparison.OrdinalIgnoreCase)
        || header.Equals("TE", StringComparison.OrdinalIgnoreCase)
        || header.Equals("Trailer", StringComparison.OrdinalIgnoreCase);

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        using (var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5)))
        {
            try
            {
                await _app.StopAsync(grace.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
        await _app.DisposeAsync().ConfigureAwait(false);
        _forward.Dispose();
        _stopping.Dispose();
    }
}
