using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace EventExplorer.Data.Diagnostics;

/// <summary>
/// The data service's traces and metrics: one activity and one duration per DynamoDB call (retries
/// included, as the user waits for them), the capacity each call consumed, and failures by kind.
/// They cost nothing until something listens (OpenTelemetry when an OTLP endpoint is configured,
/// dotnet-counters, a test).
/// </summary>
public static class StoreTelemetry
{
    /// <summary>The ActivitySource and Meter name.</summary>
    public const string Name = "EventExplorer.DynamoDb";

    public static readonly ActivitySource ActivitySource = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Seconds per call, tagged by operation, table and outcome ("ok" or the error's kind).</summary>
    public static readonly Histogram<double> CallDuration = Meter.CreateHistogram<double>(
        "eventexplorer.dynamodb.call.duration", unit: "s", description: "Duration of a DynamoDB call as the app waits for it (SDK retries included).");

    /// <summary>Capacity units DynamoDB reported as consumed, tagged by operation and table.</summary>
    public static readonly Counter<double> ConsumedCapacity = Meter.CreateCounter<double>(
        "eventexplorer.dynamodb.consumed_capacity", unit: "{capacity_unit}", description: "Read and write capacity units consumed, as DynamoDB reported them.");

    /// <summary>Failed calls, tagged by operation, table and the error's kind.</summary>
    public static readonly Counter<long> Errors = Meter.CreateCounter<long>(
        "eventexplorer.dynamodb.errors", unit: "{error}", description: "DynamoDB calls that failed, by kind (throttled, not answering, unavailable, ...).");

    /// <summary>Commits and snapshots written, tagged by kind and outcome.</summary>
    public static readonly Counter<long> Writes = Meter.CreateCounter<long>(
        "eventexplorer.writes", unit: "{write}", description: "Appends and snapshot writes, by outcome (written, conflict, refused, unknown).");
}
