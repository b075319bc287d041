using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using EventExplorer.Data.Errors;

namespace EventExplorer.Data.DynamoDb;

/// <summary>
/// Runs one DynamoDB call and turns SDK and network failures into our typed errors, so that no
/// AmazonServiceException reaches a page. Conflicts are translated by the caller, who knows the key.
/// </summary>
internal sealed class DynamoErrors(string endpoint)
{
    public string Endpoint { get; } = endpoint;

    public async Task<T> RunAsync<T>(string tableName, Func<Task<T>> call, CancellationToken cancellationToken)
    {
        try
        {
            return await call().ConfigureAwait(false);
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
            case OperationCanceledException:
                // The SDK's own timeout (not the caller's token).
                return new StoreUnavailableException(Endpoint, "the request timed out", ex);
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
                return new StoreUnavailableException(Endpoint, Describe(ex), ex);
            default:
                return null;
        }
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
