using EventExplorer.Web.Model.Aggregates;
using EventExplorer.Web.Model.Append;

namespace EventExplorer.Tests.Web.Model.Append;

public sealed class AppendStateTests
{
    [Theory]
    [InlineData("order-1", "4")]
    [InlineData("tenant/42/order 7", "0")]
    [InlineData("urn:äöü+x&y=z", null)]
    public void ToUrlThenParse_GivesBackAggregateAndVersion(string aggregate, string? version)
    {
        var state = new AppendState { AggregateId = aggregate, Version = version };

        Assert.Equal(state, AppendState.Parse(state.ToUrl()));
    }

    [Fact]
    public void ToUrl_EscapesTheAggregateId()
    {
        Assert.Equal("/append?aggregate=a%2Fb%20c&version=3", new AppendState { AggregateId = "a/b c", Version = "3" }.ToUrl());
    }

    [Fact]
    public void Parse_VersionIsKeptAsTyped_TheFormChecksIt()
    {
        Assert.Equal("-1", AppendState.Parse("/append?aggregate=a&version=-1").Version);
    }

    [Theory]
    [InlineData("order-")]
    [InlineData("tenant/42 ä+")]
    public void AggregatesState_ToUrlThenParse_GivesBackThePrefix(string prefix)
    {
        var state = new AggregatesState { Prefix = prefix };

        Assert.Equal(state, AggregatesState.Parse(state.ToUrl()));
    }
}
