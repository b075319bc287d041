using Amazon;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.Runtime.Internal;
using EventExplorer.Data.Configuration;

namespace EventExplorer.Data.DynamoDb;

/// <summary>Builds the SDK client from configuration: an endpoint URL, or a region with the standard credential chain.</summary>
public static class DynamoClientFactory
{
    public static IAmazonDynamoDB Create(EventExplorerOptions options)
    {
        var config = new AmazonDynamoDBConfig
        {
            MaxErrorRetry = options.MaxErrorRetry,
            Timeout = options.RequestTimeout,
        };

        if (!string.IsNullOrWhiteSpace(options.ServiceUrl))
        {
            config.ServiceURL = options.ServiceUrl;
            config.AuthenticationRegion = string.IsNullOrWhiteSpace(options.Region) ? "us-east-1" : options.Region;
            // A local server accepts any key; real credentials are still used when present.
            var credentials = string.IsNullOrWhiteSpace(options.Profile) && IsLoopback(options.ServiceUrl)
                ? new BasicAWSCredentials("local", "local")
                : ResolveCredentials(options);
            return new CapacityReportingClient(credentials, config);
        }

        if (!string.IsNullOrWhiteSpace(options.Region))
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }
        return new CapacityReportingClient(ResolveCredentials(options), config);
    }

    /// <summary>"http://127.0.0.1:8000" or "AWS eu-west-1": what the UI and error messages call the connection.</summary>
    public static string DescribeEndpoint(EventExplorerOptions options) =>
        !string.IsNullOrWhiteSpace(options.ServiceUrl) ? options.ServiceUrl!
        : $"AWS DynamoDB ({(string.IsNullOrWhiteSpace(options.Region) ? "default region" : options.Region)})";

    // Resolved on the first request, not here: the SDK resolver throws when no credentials exist yet,
    // and that must become a "no credentials" message on the page (and /healthz), not a failure to
    // build the services. It also lets someone run `aws sso login` without restarting the app.
    private static AWSCredentials ResolveCredentials(EventExplorerOptions options) => new DeferredCredentials(options.Profile);

    private sealed class DeferredCredentials(string? profile) : AWSCredentials
    {
        private AWSCredentials? _resolved;

        public override ImmutableCredentials GetCredentials() => Resolve().GetCredentials();

        public override Task<ImmutableCredentials> GetCredentialsAsync() => Resolve().GetCredentialsAsync();

        private AWSCredentials Resolve()
        {
            if (_resolved is { } resolved) return resolved;
            if (!string.IsNullOrWhiteSpace(profile))
            {
                var chain = new Amazon.Runtime.CredentialManagement.CredentialProfileStoreChain();
                if (!chain.TryGetAWSCredentials(profile, out var fromProfile))
                {
                    throw new AmazonClientException($"AWS credential profile '{profile}' was not found in ~/.aws/credentials or ~/.aws/config.");
                }
                return _resolved = fromProfile;
            }
            // Environment, shared profile "default", SSO, container and instance roles, in the SDK's order.
            return _resolved = DefaultAWSCredentialsIdentityResolver.GetCredentials();
        }
    }

    /// <summary>
    /// The SDK client, with every read and write asking DynamoDB for the capacity it consumed (free to
    /// ask for; the metrics report it). Set in the pipeline before the request is marshalled: the
    /// client's BeforeRequestEvent comes too late for that.
    /// </summary>
    private sealed class CapacityReportingClient(AWSCredentials credentials, AmazonDynamoDBConfig config) : AmazonDynamoDBClient(credentials, config)
    {
        protected override void CustomizeRuntimePipeline(RuntimePipeline pipeline)
        {
            base.CustomizeRuntimePipeline(pipeline);
            pipeline.AddHandlerBefore<Marshaller>(new AskForConsumedCapacity());
        }
    }

    private sealed class AskForConsumedCapacity : PipelineHandler
    {
        public override Task<T> InvokeAsync<T>(IExecutionContext executionContext)
        {
            Ask(executionContext.RequestContext.OriginalRequest);
            return base.InvokeAsync<T>(executionContext);
        }

        private static void Ask(AmazonWebServiceRequest request)
        {
            switch (request)
            {
                case QueryRequest r when r.ReturnConsumedCapacity is null: r.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL; break;
                case ScanRequest r when r.ReturnConsumedCapacity is null: r.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL; break;
                case GetItemRequest r when r.ReturnConsumedCapacity is null: r.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL; break;
                case PutItemRequest r when r.ReturnConsumedCapacity is null: r.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL; break;
                case UpdateItemRequest r when r.ReturnConsumedCapacity is null: r.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL; break;
                case BatchWriteItemRequest r when r.ReturnConsumedCapacity is null: r.ReturnConsumedCapacity = ReturnConsumedCapacity.TOTAL; break;
            }
        }
    }

    private static bool IsLoopback(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.IsLoopback;
}
