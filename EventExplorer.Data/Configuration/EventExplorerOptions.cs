using EventExplorer.Data.Model;
using EventExplorer.Data.Writes;

namespace EventExplorer.Data.Configuration;

/// <summary>Bound from the <c>EventExplorer</c> configuration section (appsettings.json, EventExplorer__X environment variables).</summary>
public sealed class EventExplorerOptions
{
    public const string SectionName = "EventExplorer";

    /// <summary>
    /// A DynamoDB-compatible endpoint, e.g. http://127.0.0.1:8000 (dynalite). When null the real
    /// DynamoDB of <see cref="Region"/> is used with the standard AWS credential chain.
    /// </summary>
    public string? ServiceUrl { get; set; }

    /// <summary>AWS region (e.g. eu-west-1). With <see cref="ServiceUrl"/> it is only the signing region.</summary>
    public string? Region { get; set; }

    /// <summary>Optional named profile from ~/.aws/credentials or ~/.aws/config (SSO included).</summary>
    public string? Profile { get; set; }

    public TableNames Tables { get; set; } = new();

    /// <summary>Overrides layout detection.</summary>
    public EventStoreLayout? Layout { get; set; }

    /// <summary>Overrides detection of the snapshot table's key attribute (snapshotId or aggregateId).</summary>
    public string? SnapshotKeyAttribute { get; set; }

    /// <summary>
    /// Null means: read-only unless the host environment is Development. Writes are refused by the data
    /// service itself when true.
    /// </summary>
    public bool? ReadOnly { get; set; }

    /// <summary>Create missing tables in the configured layout at startup (local/dev only, or when asked explicitly).</summary>
    public bool CreateTables { get; set; }

    /// <summary>Seed demo data at startup when the commit table is empty (the local run command sets this).</summary>
    public bool SeedDemoData { get; set; }

    /// <summary>
    /// <see cref="CreateTables"/> and <see cref="SeedDemoData"/> only run against a loopback endpoint
    /// (dynalite on this machine) unless this is true: a stray environment variable must never create
    /// tables or write demo data in somebody's AWS account.
    /// </summary>
    public bool AllowRemoteSetup { get; set; }

    /// <summary>SDK retries for throttling and transient errors before a typed error is raised (within <see cref="OperationTimeout"/>).</summary>
    public int MaxErrorRetry { get; set; } = 3;

    /// <summary>How long one attempt of one request may take before the SDK gives up on it (and may retry).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>
    /// How long one data-service call may take, retries included, before the user is told that the
    /// database is not answering (with Retry). A hung database is a normal day, not a 40-second wait.
    /// </summary>
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The read capacity units per second this instance may consume, shared by every page, search,
    /// export, scan and the tail (<see cref="DynamoDb.ReadCapacityBudget"/>): the explorer sits beside
    /// production applications that read the same tables. 0 means unlimited (logged as a warning at start).
    /// </summary>
    public double ReadCapacityPerSecond { get; set; } = 50;

    /// <summary>Where every write attempt is recorded before it is sent (EventExplorer:Audit).</summary>
    public AuditOptions Audit { get; set; } = new();

    /// <summary>JavaScript reducers (EventExplorer:Projections).</summary>
    public ProjectionOptions Projections { get; set; } = new();
}

/// <summary>Table and index names; the defaults are those of the seed documents.</summary>
public sealed class TableNames
{
    public string Commits { get; set; } = "commits";
    public string CommitIdIndex { get; set; } = "byId";
    public string Counters { get; set; } = "counters";
    public string Snapshots { get; set; } = "snapshots";
}

/// <summary>Where the JavaScript reducers live (EventExplorer:Projections).</summary>
public sealed class ProjectionOptions
{
    /// <summary>A folder of <c>.js</c> reducer files, one each; none configured means the generic reducer only.</summary>
    public string? Folder { get; set; }
}
