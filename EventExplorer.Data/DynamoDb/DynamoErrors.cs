using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using EventExplorer.Data.Errors;

namespace EventExplorer.Data.DynamoDb;

/// <summary>
/// Runs one DynamoDB call within a deadline and turns SDK and network failures into our typed
/// errors, so that no AmazonServiceException reaches a page and a hung or slow database is
/// reported as "not answering" within the deadline (the SDK's own retries would take up to
/// MaxErrorRetry x RequestTimeout). Conflicts are translated by the caller, who knows the key.
/// </summary>
internal sealed class DynamoErrors(string endpoint, TimeSpan? deadline = null)
{
    /// <summary>How long one data-service call may take, SDK retries included.</summary>
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(10);

    public string Endpoint { get; } = endpoint;

    public TimeSpan Deadline { get; } = deadline ?? DefaultDeadline;

    /// <summary>
    /// Runs <paramref name="call"/> with a token that ends at the caller's cancellation or at
    /// <see cref="Deadline"/>, whichever comes first.
    /// </summary>
    public async Task<T> RunAsync<T>(string tableName, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(Deadline);
        try
        {
            return await call(deadline.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (Translate(ex, tableName, cancellationToken) is { } translated)
        {
            throw translated;
        }
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
