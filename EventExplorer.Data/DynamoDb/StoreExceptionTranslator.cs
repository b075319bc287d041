using System.Net;
using System.Net.Sockets;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using EventExplorer.Data.Errors;

namespace EventExplorer.Data.DynamoDb;

/// <summary>
/// Turns SDK and network failures into our typed errors (not answering, table missing, throttled,
/// access denied, unavailable, invalid query), so that no AmazonServiceException reaches a page.
/// </summary>
internal sealed class StoreExceptionTranslator(string endpoint, TimeSpan deadline)
{
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
                return new StoreNotAnsweringException(endpoint, deadline, ex);
            case ResourceNotFoundException or Amazon.DynamoDBv2.Model.TableNotFoundException:
                return new TableMissingException(tableName, endpoint, ex);
            case ProvisionedThroughputExceededException or RequestLimitExceededException:
                return new StoreThrottledException(endpoint, ex);
            // Operations that do not model throttling (DescribeTable) hand it over as a plain service error with its code.
            case AmazonServiceException service when service.ErrorCode is "ThrottlingException" or "TooManyRequestsException"
                    or "ProvisionedThroughputExceededException" or "RequestLimitExceeded":
                return new StoreThrottledException(endpoint, ex);
            case AmazonServiceException service when service.ErrorCode is "AccessDeniedException" or "UnrecognizedClientException"
                    or "InvalidSignatureException" or "ExpiredTokenException" or "MissingAuthenticationTokenException":
                return new StoreAccessDeniedException(endpoint, service.Message, ex);
            case AmazonServiceException service when (int)service.StatusCode >= 500 || service.StatusCode == 0:
                return new StoreUnavailableException(endpoint, FirstLine(service.Message), ex);
            case AmazonUnmarshallingException unreadable:
                // DynamoDB answered, but the SDK cannot read an item in the answer: dynalite (and perhaps DynamoDB) keeps a string
                // attribute holding half of a character (a lone surrogate) that another program sent. Retrying cannot help.
                return new StoreUnavailableException(endpoint,
                    $"its answer holds an item the AWS SDK cannot read (at {unreadable.LastKnownLocation}): usually a string with half of a character (not valid Unicode) that another program wrote. Pages without that item still open.", ex);
            case AmazonServiceException service when service.ErrorCode == "ValidationException":
                return new InvalidQueryException($"DynamoDB refused the request: {service.Message}");
            case AmazonServiceException service:
                return new StoreUnavailableException(endpoint, $"{service.ErrorCode}: {FirstLine(service.Message)}", ex);
            case AmazonClientException client when client.Message.Contains("credential", StringComparison.OrdinalIgnoreCase):
                return new StoreAccessDeniedException(endpoint, "no AWS credentials were found (profile, environment, SSO or instance role)", ex);
            case AmazonClientException client:
                return new StoreUnavailableException(endpoint, Describe(client), ex);
            case HttpRequestException or SocketException or IOException or WebException:
                return new StoreUnavailableException(endpoint, Describe(ex), ex) { RequestMayHaveArrived = !Refused(ex) };
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
