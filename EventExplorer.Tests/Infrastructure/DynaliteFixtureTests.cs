using Amazon.DynamoDBv2.Model;

namespace EventExplorer.Tests.Infrastructure;

public sealed class DynaliteFixtureTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>
{
    [Fact]
    public async Task Fixture_StartsAnEmptyDynamoDbCompatibleServerOnLoopback()
    {
        using var client = dynalite.CreateRawClient();

        var tables = await client.ListTablesAsync(new ListTablesRequest());

        Assert.StartsWith("http://127.0.0.1:", dynalite.ServiceUrl);
        Assert.Empty(tables.TableNames ?? []);
    }
}
