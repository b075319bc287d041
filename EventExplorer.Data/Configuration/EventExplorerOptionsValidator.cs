using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace EventExplorer.Data.Configuration;

/// <summary>
/// Checks the <c>EventExplorer</c> section when the app starts (ValidateOnStart), so that a bad value stops
/// it with a message naming the setting instead of being clamped, or failing on the first request.
/// </summary>
public sealed partial class EventExplorerOptionsValidator : IValidateOptions<EventExplorerOptions>
{
    public const int MaxErrorRetryLimit = 10;

    /// <summary>Far beyond any table's provisioned reads; a larger value is a typo.</summary>
    public const double MaxReadCapacityPerSecond = 1_000_000;

    public static readonly TimeSpan MaxRequestTimeout = TimeSpan.FromMinutes(5);

    public static readonly TimeSpan MaxOperationTimeout = TimeSpan.FromMinutes(10);

    public ValidateOptionsResult Validate(string? name, EventExplorerOptions options)
    {
        var problems = new List<string>();
        const string section = EventExplorerOptions.SectionName;
        if (!string.IsNullOrWhiteSpace(options.ServiceUrl)
            && (!Uri.TryCreate(options.ServiceUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")))
        {
            problems.Add($"{section}:ServiceUrl '{options.ServiceUrl}' is not an absolute http(s) URL (e.g. http://127.0.0.1:8000).");
        }
        if (options.MaxErrorRetry is < 0 or > MaxErrorRetryLimit)
        {
            problems.Add($"{section}:MaxErrorRetry must be between 0 and {MaxErrorRetryLimit} (it is {options.MaxErrorRetry}).");
        }
        if (options.RequestTimeout <= TimeSpan.Zero || options.RequestTimeout > MaxRequestTimeout)
        {
            problems.Add($"{section}:RequestTimeout must be more than 0 and at most {MaxRequestTimeout} (it is {options.RequestTimeout}).");
        }
        if (options.OperationTimeout <= TimeSpan.Zero || options.OperationTimeout > MaxOperationTimeout)
        {
            problems.Add($"{section}:OperationTimeout must be more than 0 and at most {MaxOperationTimeout} (it is {options.OperationTimeout}).");
        }
        if (!double.IsFinite(options.ReadCapacityPerSecond) || options.ReadCapacityPerSecond is < 0 or > MaxReadCapacityPerSecond)
        {
            problems.Add($"{section}:ReadCapacityPerSecond must be between 0 (unlimited) and {MaxReadCapacityPerSecond} read capacity units per second (it is {options.ReadCapacityPerSecond}).");
        }
        CheckName(problems, "Tables:Commits", options.Tables.Commits);
        CheckName(problems, "Tables:CommitIdIndex", options.Tables.CommitIdIndex);
        CheckName(problems, "Tables:Counters", options.Tables.Counters);
        CheckName(problems, "Tables:Snapshots", options.Tables.Snapshots);
        if (!string.IsNullOrWhiteSpace(options.SnapshotKeyAttribute) && options.SnapshotKeyAttribute is not ("snapshotId" or "aggregateId"))
        {
            problems.Add($"{section}:SnapshotKeyAttribute must be snapshotId or aggregateId (it is '{options.SnapshotKeyAttribute}').");
        }
        if (string.IsNullOrWhiteSpace(options.Audit.Path))
        {
            problems.Add($"{section}:Audit:Path must name the file write attempts are recorded in.");
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static void CheckName(List<string> problems, string setting, string? value)
    {
        if (value is null || !TableName().IsMatch(value))
        {
            problems.Add($"{EventExplorerOptions.SectionName}:{setting} '{value}' is not a DynamoDB table or index name (3 to 255 letters, digits, '_', '-' or '.').");
        }
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]{3,255}$")]
    private static partial Regex TableName();
}
