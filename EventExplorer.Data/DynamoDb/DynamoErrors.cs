using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using EventExplorer.Data.Diagnostics;
using EventExplorer.Data.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventExplorer.Data.DynamoDb;

/// <summary>
/// Runs one DynamoDB call within a deadline and turns SDK and network failures into our typed
/// errors, so that no AmazonServiceException reaches a page and a hung or slow database is
/// reported as "not answering" within the deadline (the SDK's own retries would take up to
/// MaxErrorRetry x RequestTimeout). Conflicts are translated by the caller, who knows the key.
/// Being the one place every call passes, it is also where calls are traced, timed, their consumed
/// capacity counted and their failures logged (<see cref="StoreTelemetry"/>).
/// </summary>
internal sealed class DynamoErrors(string endpoint, TimeSpan? deadline = null, ILogger? logger = null)
{
    /// <summary>How long one data-service call may take, SDK retries included.</summary>
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(10);

    public string Endpoint { get; } = endpoint;

    public TimeSpan Deadline { get; } = deadline ?? DefaultDeadline;

    /// <summary>Where store errors and writes are logged (category EventExplorer.DynamoDb).</summary>
    public ILogger Logger { get; } = logger ?? NullLogger.Instance;

    /// <summary>
    /// Runs <paramref name="call"/> with a token that ends at the caller's cancellation or at
    /// <see cref="Deadline"/>, whichever comes first.
    /// </summary>
    /// <param name="operation">The DynamoDB operation, when <typeparamref name="T"/> is not its response type (QueryResponse: "Query").</param>
    public async Task<T> RunAsync<T>(string tableName, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken, string? operation = null)
    {
        operation ??= OperationOf(typeof(T));
        using var activity = StoreTelemetry.ActivitySource.StartActivity("DynamoDB " + operation, ActivityKind.Client);
        if (activity is not null)
        {
            // OpenTelemetry's semantic conventions for DynamoDB.
            activity.SetTag("db.system.name", "aws.dynamodb");
            activity.SetTag("db.operation.name", operation);
            activity.SetTag("aws.dynamodb.table_names", new[] { tableName });
            activity.SetTag("server.address", Endpoint);
        }
        var started = Stopwatch.GetTimestamp();
        var outcome = "ok";
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Deadline);
        try
        {
            var result = await call(deadline.Token).ConfigureAwait(false);
            RecordCapacity(result, operation, tableName, activity);
            return result;
        }
        catch (Exception ex) when (Translate(ex, tableName, cancellationToken) is { } translated)
        {
            outcome = translated.GetType().Name;
            activity?.SetStatus(ActivityStatusCode.Error, translated.Message);
            activity?.SetTag("error.type", outcome);
            StoreTelemetry.Errors.Add(1, Tags(operation, tableName, outcome));
            Logger.LogWarning(ex, "DynamoDB {Operation} on {Table} at {Endpoint} failed ({ErrorKind}): {Error}",
                operation, tableName, Endpoint, outcome, translated.Message);
            throw translated;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            outcome = "cancelled";
            throw;
        }
        catch (EventStoreException ex)
        {
            // Ours, raised inside the call (a layout that does not fit, a value that is not valid): already in words.
            outcome = ex.GetType().Name;
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw;
        }
        finally
        {
            StoreTelemetry.CallDuration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, Tags(operation, tableName, outcome));
        }
    }

    /// <summary>"Query" for QueryResponse, the type's name otherwise.</summary>
    private static string OperationOf(Type type)
    {
        var name = (Nullable.GetUnderlyingType(type) ?? type).Name;
        return name.EndsWith("Response", StringComparison.Ordinal) ? name[..^"Response".Length] : name;
    }

    private static TagList Tags(string operation, string table, string outcome) =>
        new() { { "db.operation.name", operation }, { "aws.dynamodb.table_name", table }, { "outcome", outcome } };

    /// <summary>The capacity DynamoDB says the call consumed (every request asks for it: DynamoClientFactory).</summary>
    private static void RecordCapacity<T>(T result, string operation, string table, Activity? activity)
    {
        var units = result switch
        {
            QueryResponse r => r.ConsumedCapacity?.CapacityUnits,
            ScanResponse r => r.ConsumedCapacity?.CapacityUnits,
            GetItemResponse r => r.ConsumedCapacity?.CapacityUnits,
            PutItemResponse r => r.ConsumedCapacity?.CapacityUnits,
            UpdateItemResponse r => r.ConsumedCapacity?.CapacityUnits,
            BatchWriteItemResponse r => r.ConsumedCapacity?.Sum(c => c.CapacityUnits ?? 0),
            _ => null,
        };
        if (units is not { } consumed) return;
        StoreTelemetry.ConsumedCapacity.Add(consumed, new TagList { { "db.operation.name", operation }, { "aws.dynamodb.table_name", table } });
        activity?.SetTag("aws.dynamodb.consumed_capacity.units", consumed);
    }

    /// <summary>Our exception for <paramref name="ex"/>, or null when it should propagate as it is (our own errors, cancellation).</summary>
    public EventStoreException? Translate(Exception ex, string tableName, CancellationToken cancellationToken)
    {
        switch (ex)
        {
            case EventStoreException:
                return null;
            case OperationCanceledException when cancellationToken.IsCancellationRequested:
                return null;
            case OperationCanceledException or TimeoutException:
                // Our deadline or the SDK's own timeout, not the caller's token.
                return new StoreNotAnsweringException(Endpoint, Deadline, ex);
            case ResourceNotFoundException or Amazon.DynamoDBv2.Model.TableNotFoundException:
                return new TableMissingException(tableName, Endpoint, ex);
            case ProvisionedThroughputExceededException or RequestLimitExceededException:
                return new StoreThrottledException(Endpoint, ex);
            case AmazonServiceException service when service.ErrorCode is "ThrottlingException" or "TooManyRequestsException":
                return new StoreThrottledException(Endpoint, ex);
            case AmazonServiceException service when service.ErrorCode is "AccessDeniedException" or "UnrecognizedClientException"
                    or "InvalidSignatureException" or "ExpiredTokenException" or "MissingAuthenticationTokenException":
                return new StoreAccessDeniedException(Endpoint, service.Message, ex);
            case AmazonServiceException service when (int)service.StatusCode >= 500 || service.StatusCode == 0:
                return new StoreUnavailableException(Endpoint, FirstLine(service.Message), ex);
            case AmazonUnmarshallingException unreadable:
                // DynamoDB answered, but the SDK cannot read an item in the answer: dynalite (and perhaps DynamoDB) keeps a string
                // attribute holding half of a character (a lone surrogate) that another program sent. Retrying cannot help.
                return new StoreUnavailableException(Endpoint,
                    $"its answer holds an item the AWS SDK cannot read (at {unreadable.LastKnownLocation}): usually a string with half of a character (not valid Unicode) that another program wrote. Pages without that item still open.", ex);
            case AmazonServiceException service when service.ErrorCode == "ValidationException":
                return new InvalidQueryException($"DynamoDB refused the request: {service.Message}");
            case AmazonServiceException service:
                return new StoreUnavailableException(Endpoint, $"{service.ErrorCode}: {FirstLine(service.Message)}", ex);
            case AmazonClientException client when client.Message.Contains("credential", StringComparison.OrdinalIgnoreCase):
                return new StoreAccessDeniedException(Endpoint, "no AWS credentials were found (profile, environment, SSO or instance role)", ex);
            case AmazonClientException client:
                return new StoreUnavailableException(Endpoint, Describe(client), ex);
            case HttpRequestException or SocketException or IOException or WebException:
                return new StoreUnavailableException(Endpoint, Describe(ex), ex) { RequestMayHaveArrived = !Refused(ex) };
            default:
                return null;
        }
    }

    /// <summary>True when the connection was refused: nothing reached the server.</summary>
    private static bool Refused(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is SocketException { SocketErrorCode: SocketError.ConnectionRefused }) return true;
        }
        return false;
    }

    private static string Describe(Exception ex)
    {
        for (var e = ex; e is not null; e = e.InnerException)
        {
            if (e is SocketException socket)
            {
                return socket.SocketErrorCode == SocketError.ConnectionRefused
                    ? "the connection was refused (is the server running?)"
                    : $"network error ({socket.SocketErrorCode})";
            }
        }
        return FirstLine(ex.Message);
    }

    private static string FirstLine(string message)
    {
        var newline = message.IndexOfAny(['\r', '\n']);
        return newline < 0 ? message : message[..newline];
    }
}
