using System.Diagnostics;
using Amazon.DynamoDBv2.Model;

namespace EventExplorer.Data.Diagnostics;

/// <summary>
/// The trace and metrics of one DynamoDB call (<see cref="StoreTelemetry"/>): an activity tagged as
/// OpenTelemetry's conventions for DynamoDB say, the capacity the call consumed, failures by kind, and
/// on dispose the call's duration with its outcome ("ok", "cancelled" or the error's kind).
/// </summary>
internal sealed class StoreCallTrace : IDisposable
{
    private readonly Activity? _activity;
    private readonly string _operation;
    private readonly string _table;
    private readonly long _started = Stopwatch.GetTimestamp();
    private string _outcome = "ok";

    private StoreCallTrace(Activity? activity, string operation, string table)
    {
        _activity = activity;
        _operation = operation;
        _table = table;
    }

    public static StoreCallTrace Start(string operation, string table, string endpoint)
    {
        var activity = StoreTelemetry.ActivitySource.StartActivity("DynamoDB " + operation, ActivityKind.Client);
        if (activity is not null)
        {
            activity.SetTag("db.system.name", "aws.dynamodb");
            activity.SetTag("db.operation.name", operation);
            activity.SetTag("aws.dynamodb.table_names", new[] { table });
            activity.SetTag("server.address", endpoint);
        }
        return new StoreCallTrace(activity, operation, table);
    }

    /// <summary>Records the capacity DynamoDB says the call consumed (every request asks for it: DynamoClientFactory).</summary>
    /// <returns>The capacity units consumed, when the reply says.</returns>
    public double? Succeeded<T>(T result)
    {
        var units = result switch
        {
            QueryResponse r => r.ConsumedCapacity?.CapacityUnits,
            ScanResponse r => r.ConsumedCapacity?.CapacityUnits,
            GetItemResponse r => r.ConsumedCapacity?.CapacityUnits,
            BatchGetItemResponse r => r.ConsumedCapacity?.Sum(c => c.CapacityUnits ?? 0),
            PutItemResponse r => r.ConsumedCapacity?.CapacityUnits,
            UpdateItemResponse r => r.ConsumedCapacity?.CapacityUnits,
            BatchWriteItemResponse r => r.ConsumedCapacity?.Sum(c => c.CapacityUnits ?? 0),
            _ => null,
        };
        if (units is not { } consumed) return null;
        StoreTelemetry.ConsumedCapacity.Add(consumed, new TagList { { "db.operation.name", _operation }, { "aws.dynamodb.table_name", _table } });
        _activity?.SetTag("aws.dynamodb.consumed_capacity.units", consumed);
        return consumed;
    }

    /// <summary>A failure of the store or the network, counted as an error of its kind.</summary>
    public void Failed(Exception translated)
    {
        _outcome = translated.GetType().Name;
        _activity?.SetStatus(ActivityStatusCode.Error, translated.Message);
        _activity?.SetTag("error.type", _outcome);
        StoreTelemetry.Errors.Add(1, Tags());
    }

    /// <summary>Our own refusal raised inside the call: not a store error, so not counted as one.</summary>
    public void Refused(Exception ours)
    {
        _outcome = ours.GetType().Name;
        _activity?.SetStatus(ActivityStatusCode.Error, ours.Message);
    }

    public void Cancelled() => _outcome = "cancelled";

    public void Dispose()
    {
        StoreTelemetry.CallDuration.Record(Stopwatch.GetElapsedTime(_started).TotalSeconds, Tags());
        _activity?.Dispose();
    }

    private TagList Tags() => new() { { "db.operation.name", _operation }, { "aws.dynamodb.table_name", _table }, { "outcome", _outcome } };
}
