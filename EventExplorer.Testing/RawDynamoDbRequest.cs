using System.Text;

namespace EventExplorer.Testing;

/// <summary>
/// Sends one DynamoDB request as JSON text, past the SDK: for what the SDK will not send, such as a string
/// attribute holding half of a character (<c>{"S":"\ud800"}</c>), which the SDK writes as U+FFFD but
/// dynalite keeps. The signature is a placeholder: dynalite checks the header's shape, not its value.
/// </summary>
public static class RawDynamoDbRequest
{
    public static async Task<string> SendAsync(string serviceUrl, string operation, string json, CancellationToken cancellationToken = default)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, serviceUrl);
        request.Headers.Add("X-Amz-Target", "DynamoDB_20120810." + operation);
        request.Headers.Add("X-Amz-Date", "20240101T000000Z");
        request.Headers.TryAddWithoutValidation("Authorization", "AWS4-HMAC-SHA256 Credential=local/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=0");
        request.Content = new StringContent(json, Encoding.UTF8, "application/x-amz-json-1.0");
        using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var body = await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false);
        return response.IsSuccessStatusCode ? body : throw new InvalidOperationException($"DynamoDB refused the {operation}: {body}");
    }
}
