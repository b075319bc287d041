using EventExplorer.Data.Model;
using EventExplorer.Testing;

namespace EventExplorer.E2E.Infrastructure;

/// <summary>
/// The app as production runs it (fault 6): a <c>dotnet publish</c> output started with
/// ASPNETCORE_ENVIRONMENT=Production (read-only by default), over a small layout-A store.
/// </summary>
public sealed class PublishedAppFixture : ExplorerFixture, IDisposable
{
    public const string Aggregate = "published-ledger";

    private readonly string _published = Path.Combine(Path.GetTempPath(), $"ee-e2e-published-{Environment.ProcessId}-{Guid.NewGuid():N}");

    protected override bool ReadOnly => true;

    protected override string? AppDirectory => _published;

    protected override IReadOnlyDictionary<string, string> AppSettings { get; } = new Dictionary<string, string>
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
    };

    protected override async Task SeedAsync()
    {
        var publishing = AppPublisher.PublishAsync(_published);
        for (var version = 0; version < 3; version++)
        {
            await Store.AppendAsync(new AppendRequest { AggregateId = Aggregate, Version = version, EventsJson = $$"""[{"type":"published","n":{{version}}}]""" }, CancellationToken.None);
        }
        await publishing;
    }

    /// <summary>The build output, not published, started in Production: the README's old command for AWS.</summary>
    public Task<AppHost> StartUnpublishedInProductionAsync() => AppHost.StartAsync(new Dictionary<string, string>
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["EventExplorer__ServiceUrl"] = Dynalite.ServiceUrl,
        ["EventExplorer__Region"] = "us-east-1",
    });

    public void Dispose()
    {
        try
        {
            if (Directory.Exists(_published)) Directory.Delete(_published, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
