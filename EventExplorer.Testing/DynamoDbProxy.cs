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
/// a page really asked DynamoDB. <see cref="Intercept"/> is where fault tests can delay, stall or
/// fail requests; by default every request is forwarded at once.
/// </summary>
public sealed class DynamoDbProxy : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly HttpClient _forward;
    private readonly Uri _target;
    private readonly List<ProxiedRequest> _requests = [];
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
    /// Called for every request before it is forwarded. Returning a reply answers the request with
    /// it instead (a throttling error, say); returning null forwards it. The hook may also wait
    /// (a slow or stalled database): the token ends when the caller gives up on the request.
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

    /// <summary>Forgets the requests seen so far.</summary>
    public void Reset()
    {
        lock (_requests) _requests.Clear();
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

            if (Intercept is { } intercept && await intercept(request, aborted).ConfigureAwait(false) is { } reply)
            {
                context.Response.StatusCode = reply.StatusCode;
                context.Response.ContentType = reply.ContentType;
                await context.Response.WriteAsync(reply.Body, aborted).ConfigureAwait(false);
                return;
            }

            using var outgoing = new HttpRequestMessage(new HttpMethod(context.Request.Method),
                new Uri(_target, context.Request.Path.Value + context.Request.QueryString.Value));
            outgoing.Content = new ByteArrayContent(body);
            foreach (var (name, values) in context.Request.Headers)
            {
                if (IsHopByHop(name) || name.Equals("Host", StringComparison.OrdinalIgnoreCase)) continue;
                if (!outgoing.Headers.TryAddWithoutValidation(name, values.ToArray()))
                {
                    outgoing.Content.Headers.TryAddWithoutValidation(name, values.ToArray());
                }
            }

            using var response = await _forward.SendAsync(outgoing, HttpCompletionOption.ResponseContentRead, aborted).ConfigureAwait(false);
            context.Response.StatusCode = (int)response.StatusCode;
            foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            {
                if (IsHopByHop(name)) continue;
                context.Response.Headers[name] = values.ToArray();
            }
            await response.Content.CopyToAsync(context.Response.Body, aborted).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
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
    }
}
