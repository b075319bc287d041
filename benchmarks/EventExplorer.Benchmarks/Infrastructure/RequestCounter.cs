using Amazon.Runtime;

namespace EventExplorer.Benchmarks.Infrastructure;

/// <summary>
/// Counts the HTTP requests an SDK client really sends (retries included), by plugging a counting
/// handler into the SDK's own HttpClient creation. Counting at the wire rather than trusting the
/// data service's <c>RequestCount</c> lets the raw SDK, the data service and retries be compared alike.
/// </summary>
public sealed class RequestCounter : HttpClientFactory
{
    private long _count;

    public long Count => Interlocked.Read(ref _count);

    public override HttpClient CreateHttpClient(IClientConfig clientConfig) =>
        new(new CountingHandler(this, new SocketsHttpHandler
        {
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            MaxConnectionsPerServer = 64,
            UseProxy = false,
        }));

    // One HttpClient per service client, kept for the client's lifetime (as the SDK does by default).
    public override bool UseSDKHttpClientCaching(IClientConfig clientConfig) => false;

    public override bool DisposeHttpClientsAfterUse(IClientConfig clientConfig) => false;

    private sealed class CountingHandler(RequestCounter owner, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref owner._count);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
