namespace EventExplorer.Testing;

/// <summary>What a <see cref="DynamoDbProxy"/> does with a request that a fault matches.</summary>
public enum FaultAction
{
    /// <summary>Accepts the request and never answers: a hung database or a black-holed network.</summary>
    Stall,

    /// <summary>Waits, then forwards the request and its reply as usual: a slow database.</summary>
    Delay,

    /// <summary>
    /// Forwards the request (so the database does what it asks, a write included), then drops the
    /// connection instead of answering: the client cannot tell whether the request arrived.
    /// </summary>
    DropReply,

    /// <summary>Answers with <see cref="ProxyFault.Reply"/> without forwarding (throttling, a server error).</summary>
    Reply,

    /// <summary>
    /// Holds the request until <see cref="ProxyFault.Held"/> is released, then carries it out even if the
    /// client gave up on it long before, and drops the connection: a write that lands after its timeout.
    /// </summary>
    Hold,
}

/// <summary>
/// The release of requests a <see cref="FaultAction.Hold"/> fault holds back, and word of when they
/// reached the database: a test waits on <see cref="Delivered"/>, never on time.
/// </summary>
public sealed class HeldRequests
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _delivered = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first request was held.</summary>
    public Task Arrived => _arrived.Task;

    /// <summary>Completes when the first released request has been carried out by the database.</summary>
    public Task Delivered => _delivered.Task;

    /// <summary>Lets every held request (and any later one the fault matches) go on to the database.</summary>
    public void Release() => _release.TrySetResult();

    internal Task WaitAsync(CancellationToken cancellationToken)
    {
        _arrived.TrySetResult();
        return _release.Task.WaitAsync(cancellationToken);
    }

    internal void MarkDelivered() => _delivered.TrySetResult();
}

/// <summary>
/// One fault a test injects into a <see cref="DynamoDbProxy"/>: what to do, to which requests
/// (operations as named by X-Amz-Target, "Query", "PutItem"; all when none are named), and how often
/// (the next N matching requests, or every one until the proxy is healed). Built fluently:
/// <c>ProxyFault.Stall.On("Query").ForNext(2)</c>.
/// </summary>
public sealed record ProxyFault
{
    private ProxyFault(FaultAction action) => Action = action;

    public FaultAction Action { get; }

    /// <summary>How long <see cref="FaultAction.Delay"/> waits.</summary>
    public TimeSpan DelayBy { get; private init; }

    /// <summary>What <see cref="FaultAction.Reply"/> answers.</summary>
    public ProxyReply? Reply { get; private init; }

    /// <summary>What releases the requests <see cref="FaultAction.Hold"/> holds.</summary>
    public HeldRequests? Held { get; private init; }

    /// <summary>The operations it applies to; empty means every operation.</summary>
    public IReadOnlySet<string> Operations { get; private init; } = new HashSet<string>(StringComparer.Ordinal);

    /// <summary>A further condition on the request (a table, a key in the body); null matches all.</summary>
    public Func<ProxiedRequest, bool>? Condition { get; private init; }

    /// <summary>How many matching requests it applies to; null means until <see cref="DynamoDbProxy.Heal"/>.</summary>
    public int? Times { get; private init; }

    public static ProxyFault Stall => new(FaultAction.Stall);

    public static ProxyFault DropReply => new(FaultAction.DropReply);

    public static ProxyFault Delay(TimeSpan by) => new(FaultAction.Delay) { DelayBy = by };

    /// <summary>Holds matching requests until <paramref name="held"/> is released, then carries them out with no reply to anyone.</summary>
    public static ProxyFault Hold(HeldRequests held) => new(FaultAction.Hold) { Held = held };

    /// <summary>DynamoDB's answer when a table's provisioned throughput is exceeded (HTTP 400, retried by the SDK).</summary>
    public static ProxyFault ProvisionedThroughputExceeded => Error(400, "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
        "The level of configured provisioned throughput for the table was exceeded. Consider increasing your provisioning level with the UpdateTable API.");

    /// <summary>The control plane's and on-demand tables' throttling answer (HTTP 400, error code ThrottlingException).</summary>
    public static ProxyFault Throttling => Error(400, "com.amazon.coral.availability#ThrottlingException", "Rate exceeded");

    /// <summary>An internal server error (HTTP 500, retried by the SDK).</summary>
    public static ProxyFault InternalServerError => Error(500, "com.amazonaws.dynamodb.v20120810#InternalServerError", "Internal server error");

    /// <summary>A DynamoDB error in its JSON wire format: <c>{"__type": "...#Code", "message": "..."}</c>.</summary>
    public static ProxyFault Error(int statusCode, string type, string message) => new(FaultAction.Reply)
    {
        Reply = new ProxyReply(statusCode, System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = type, ["message"] = message })),
    };

    /// <summary>Only these operations ("Query", "GetItem", "PutItem", "DescribeTable").</summary>
    public ProxyFault On(params string[] operations) => this with { Operations = new HashSet<string>(operations, StringComparer.Ordinal) };

    /// <summary>Only requests that also satisfy <paramref name="condition"/>.</summary>
    public ProxyFault When(Func<ProxiedRequest, bool> condition) => this with { Condition = condition };

    /// <summary>Only the next <paramref name="count"/> matching requests; later ones pass.</summary>
    public ProxyFault ForNext(int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        return this with { Times = count };
    }

    public ProxyFault Once => ForNext(1);

    public bool Matches(ProxiedRequest request) =>
        (Operations.Count == 0 || Operations.Contains(request.Operation)) && (Condition?.Invoke(request) ?? true);

    public override string ToString() =>
        Action + (Action == FaultAction.Delay ? $" {DelayBy.TotalMilliseconds:0} ms" : "")
        + (Reply is { } reply ? $" {reply.StatusCode}" : "")
        + (Operations.Count == 0 ? " on every operation" : " on " + string.Join("/", Operations))
        + (Times is { } times ? $" for the next {times}" : " until healed");
}
