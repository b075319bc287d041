using EventExplorer.Data;
using EventExplorer.Data.Model;
using EventExplorer.Data.Reducers;
using EventExplorer.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventExplorer.Tests.Web.Model.State;

/// <summary>A copy of the repo's reducers plus one that fails on shipping, in a folder of its own; and the signed-in user's role.</summary>
public sealed class StateTestReducers : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("state-reducers-");

    public StateTestReducers()
    {
        foreach (var file in Directory.EnumerateFiles(Path.Combine(RepositoryPaths.Root(), "reducers"), "*.js")) File.Copy(file, Path.Combine(_folder.FullName, Path.GetFileName(file)));
        File.WriteAllText(Path.Combine(_folder.FullName, "picky.js"), "when({ orderShipped: (s, e) => { throw new Error('no carrier ' + e.carrier); } });");
        Catalog = new ReducerCatalog(_folder.FullName, NullLogger<ReducerCatalog>.Instance);
    }

    public ReducerCatalog Catalog { get; }

    /// <summary>An order placed (total 10), paid and shipped: v0, v1, v2.</summary>
    public static async Task AddOrderAsync(Infrastructure.StoreBed bed, string aggregateId)
    {
        await bed.AddAsync(aggregateId, """{"type":"orderPlaced","customerId":"c-1","lines":[{"sku":"A"}],"total":10,"currency":"EUR"}""");
        await bed.AddAsync(aggregateId, """{"type":"paymentAuthorized","amount":10}""");
        await bed.AddAsync(aggregateId, """{"type":"orderShipped","carrier":"DHL"}""");
    }

    public void Dispose()
    {
        Catalog.Dispose();
        _folder.Delete(recursive: true);
    }
}

/// <summary>The signed-in user as the server sees them (the circuit's user, in the app).</summary>
public sealed class SignedIn(WriterRole role) : IWriterContext
{
    public WriterRole Role { get; set; } = role;

    public Task<WriterIdentity> GetCurrentWriterAsync(CancellationToken cancellationToken) => Task.FromResult(new WriterIdentity
    {
        Subject = Role == WriterRole.Author ? "sub-alice" : "sub-victor",
        Name = Role == WriterRole.Author ? "Alice Author" : "Victor Viewer",
        Role = Role,
    });
}
