using EventExplorer.Data.Reducers;
using EventExplorer.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventExplorer.Tests.Data.Reducers;

public sealed class ReducerCatalogTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("reducers-");

    public void Dispose() => _folder.Delete(recursive: true);

    private void Write(string file, string source) => File.WriteAllText(Path.Combine(_folder.FullName, file), source);

    [Fact]
    public void TheReducersShippedWithTheRepo_AllLoad_AndEachIsForItsDemoAggregates()
    {
        using var catalog = new ReducerCatalog(Path.Combine(RepositoryPaths.Root(), "reducers"), NullLogger<ReducerCatalog>.Instance);

        Assert.Empty(catalog.Problems);
        Assert.Equal(["carts", "orders", "stock-ledger"], catalog.Reducers.Select(r => r.Name));
        Assert.Equal("orders", catalog.For("order-2024-000100", "orderPlaced").Name);
        Assert.Equal("stock-ledger", catalog.For("stock-ledger-eu-central-1", "ledgerOpened").Name);
        Assert.Equal("generic", catalog.For("customer-42", "accountCreated").Name);
    }

    [Fact]
    public void ABrokenFile_IsListedWithItsReason_AndTheOthersStillLoad()
    {
        Write("good.js", "options({ aggregates: 'a-' }); when({});");
        Write("bad.js", "when({ x: (s) => ");
        Write("generic.js", "when({});");
        Write("notes.txt", "not a reducer");

        using var catalog = new ReducerCatalog(_folder.FullName, NullLogger<ReducerCatalog>.Instance);

        Assert.Equal(["good"], catalog.Reducers.Select(r => r.Name));
        Assert.Equal(["bad.js", "generic.js"], catalog.Problems.Select(p => p.File));
        Assert.Contains("not valid JavaScript", catalog.Problems[0].Message, StringComparison.Ordinal);
        Assert.Contains("built-in reducer", catalog.Problems[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFileAddedOrChangedInTheFolder_IsPickedUpWithoutARestart()
    {
        using var catalog = new ReducerCatalog(_folder.FullName, NullLogger<ReducerCatalog>.Instance);
        var picked = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        catalog.Changed += () =>
        {
            if (catalog.Find("late") is not null) picked.TrySetResult();
        };

        Write("late.js", "options({ aggregates: 'late-' }); when({});");

        await picked.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("late", catalog.For("late-1", null).Name);
    }

    [Fact]
    public void NoFolderConfigured_OnlyTheGenericReducer()
    {
        using var catalog = new ReducerCatalog(null, NullLogger<ReducerCatalog>.Instance);

        Assert.Empty(catalog.Reducers);
        Assert.Empty(catalog.Problems);
        Assert.Same(GenericReducer.Instance, catalog.For("anything", null));
        Assert.Same(GenericReducer.Instance, catalog.Find("generic"));
        Assert.Null(catalog.Find("orders"));
    }

    [Fact]
    public void AFolderThatDoesNotExist_IsAProblemInWords()
    {
        using var catalog = new ReducerCatalog(Path.Combine(_folder.FullName, "missing"), NullLogger<ReducerCatalog>.Instance);

        Assert.Contains(catalog.Problems, p => p.Message == "The reducer folder does not exist.");
    }
}
