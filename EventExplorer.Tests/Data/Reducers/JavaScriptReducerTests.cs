using EventExplorer.Data.Reducers;
using static EventExplorer.Tests.Data.Reducers.ReducerTestCommits;

namespace EventExplorer.Tests.Data.Reducers;

public sealed class JavaScriptReducerTests
{
    private const string Orders = """
        options({ aggregates: "order-" });
        when({
          $init: () => ({ lines: [], total: 0 }),
          OrderPlaced: (s, e) => { s.customer = e.customer; return s; },
          LineAdded: (s, e) => { s.lines.push(e.sku); s.total += e.price; },
          $any: (s, e, meta) => { s.last = e.type + "@v" + meta.version; return s; },
        });
        """;

    private static readonly ReducerLimits Tight = new()
    {
        FoldTime = TimeSpan.FromSeconds(20), StatementsPerEvent = 10_000, MemoryPerEvent = 4 * 1024 * 1024, Recursion = 50,
    };

    [Fact]
    public void Fold_InitThenHandlersByType_AnyForTheRest_ReturningNothingKeepsTheChangedState()
    {
        var reducer = JavaScriptReducer.Load("orders", Orders);

        var state = FoldToJson(reducer,
            """[{"type":"OrderPlaced","customer":"ann"}]""",
            """[{"type":"LineAdded","sku":"A","price":2.5},{"type":"LineAdded","sku":"B","price":4}]""",
            """[{"type":"Shipped"}]""");

        Assert.Equal("""{"lines":["A","B"],"total":6.5,"customer":"ann","last":"Shipped@v2"}""", state);
    }

    [Fact]
    public void Fold_UnknownTypeWithoutAny_LeavesTheStateAsItWas()
    {
        var reducer = JavaScriptReducer.Load("counts", """when({ $init: () => ({ n: 0 }), Counted: (s) => ({ n: s.n + 1 }) });""");

        var state = FoldToJson(reducer, """[{"type":"Counted"},{"type":"SomethingElse"},{"noType":true}]""", """[{"type":"Counted"}]""");

        Assert.Equal("""{"n":2}""", state);
    }

    [Fact]
    public void Options_SayWhichAggregatesItIsFor()
    {
        var byPrefix = JavaScriptReducer.Load("orders", Orders);
        var byFirstEvent = JavaScriptReducer.Load("carts", """options({ firstEvent: "CartOpened" }); when({});""");

        Assert.True(byPrefix.AppliesTo("order-7", "Anything"));
        Assert.False(byPrefix.AppliesTo("customer-7", "OrderPlaced"));
        Assert.True(byFirstEvent.AppliesTo("x-1", "CartOpened"));
        Assert.False(byFirstEvent.AppliesTo("x-1", "OrderPlaced"));
        Assert.Contains("starting with \"order-\"", byPrefix.Description, StringComparison.Ordinal);
    }

    [Fact]
    public void AHandlerThatThrows_IsReportedWithTheReducerVersionAndEvent()
    {
        var reducer = JavaScriptReducer.Load("strict", """when({ Refunded: (s, e) => { throw new Error("refund without a payment"); } });""");

        var error = Assert.Throws<ReducerException>(() => FoldToJson(reducer, """[{"type":"Placed"}]""", """[{"type":"Placed"},{"type":"Refunded"}]"""));

        Assert.Equal("strict", error.ReducerName);
        Assert.Equal(1, error.Version);
        Assert.Equal(1, error.EventIndex);
        Assert.Equal("Refunded", error.EventType);
        Assert.Contains("refund without a payment", error.Message, StringComparison.Ordinal);
        Assert.StartsWith("Reducer \"strict\" failed at v1, event 1 (Refunded)", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("while (true) {}", "statements")]
    [InlineData("const a = []; while (true) { a.push(new Array(100000).fill(1)); }", "allocated more than")]
    [InlineData("const f = (n) => f(n + 1); f(0);", "nested deeper")]
    public void AHostileHandler_IsStoppedByItsLimit_WithAClearMessage(string body, string expected)
    {
        var reducer = JavaScriptReducer.Load("hostile", "when({ Any: (s, e) => { " + body + " } });");

        using var fold = reducer.Begin(Tight, CancellationToken.None);
        var error = Assert.Throws<ReducerException>(() => fold.Apply(Commit(3, """[{"type":"Any"}]""")));

        Assert.Equal(3, error.Version);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFoldPastItsTimeLimit_IsStopped_AndSaysSo()
    {
        // Each handler call stays within its statements; together they outlast the fold's time.
        var reducer = JavaScriptReducer.Load("slow", "when({ Any: (s) => { for (let i = 0; i < 5000; i++) {} } });");
        var limits = Tight with { FoldTime = TimeSpan.FromMilliseconds(200) };

        using var fold = reducer.Begin(limits, CancellationToken.None);
        var error = Assert.Throws<ReducerException>(() => ApplyForever(fold));

        Assert.Contains("time limit", error.Message, StringComparison.Ordinal);
    }

    private static void ApplyForever(ReducerFold fold)
    {
        for (var v = 0; ; v++) fold.Apply(Commit(v, """[{"type":"Any"}]"""));
    }

    [Fact]
    public void Cancelling_StopsTheFoldAsACancellation_NotAReducerError()
    {
        var reducer = JavaScriptReducer.Load("loop", "when({ Any: (s) => { for (let i = 0; i < 5000; i++) {} } });");
        using var cancel = new CancellationTokenSource();
        using var fold = reducer.Begin(ReducerLimits.Default, cancel.Token);
        fold.Apply(Commit(0, """[{"type":"Any"}]"""));

        cancel.Cancel();

        Assert.ThrowsAny<OperationCanceledException>(() => fold.Apply(Commit(1, """[{"type":"Any"}]""")));
    }

    [Theory]
    [InlineData("importNamespace('System.IO')")]
    [InlineData("System.IO.File.ReadAllText('/etc/passwd')")]
    [InlineData("require('fs')")]
    [InlineData("fetch('http://127.0.0.1/')")]
    [InlineData("new XMLHttpRequest()")]
    [InlineData("clr")]
    public void NoWayOut_DotNetFilesAndTheNetworkAreNotThere(string attempt)
    {
        var reducer = JavaScriptReducer.Load("escape", "when({ Any: (s) => { s.got = " + attempt + "; return s; } });");

        var error = Assert.Throws<ReducerException>(() => FoldToJson(reducer, """[{"type":"Any"}]"""));

        Assert.Contains("is not defined", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("constructor")]
    [InlineData("toString")]
    [InlineData("__proto__")]
    [InlineData("hasOwnProperty")]
    public void AnEventTypeNamedLikeAnObjectBuiltIn_FindsNoInheritedHandler(string type)
    {
        var reducer = JavaScriptReducer.Load("plain", "when({ $init: () => ({ n: 0 }), $any: (s) => ({ n: s.n + 1 }) });");

        var state = FoldToJson(reducer, $$"""[{"type":"{{type}}"}]""");

        Assert.Equal("""{"n":1}""", state);
    }

    [Fact]
    public void PrototypeTricksInOneFold_DoNotReachTheNextFold()
    {
        var reducer = JavaScriptReducer.Load("poison", """
            when({ $init: () => ({}), Poison: (s) => { Object.prototype.poisoned = true; Array.prototype.push = null; return s; },
                   Check: (s) => { s.seen = ({}).poisoned === true; s.pushWorks = typeof [].push === "function"; return s; } });
            """);

        FoldToJson(reducer, """[{"type":"Poison"}]""");
        var second = FoldToJson(reducer, """[{"type":"Check"}]""");

        Assert.Equal("""{"seen":false,"pushWorks":true}""", second);
    }

    [Theory]
    [InlineData("when({ Any: (s) => s", "not valid JavaScript")]
    [InlineData("options({ aggregates: 'x-' });", "never calls when")]
    [InlineData("throw new Error('boom at load');", "boom at load")]
    [InlineData("while (true) {}", "statements")]
    public void AScriptThatCannotBeUsed_IsRefusedAtLoad_NamingTheReducer(string source, string expected)
    {
        var error = Assert.Throws<ReducerLoadException>(() => JavaScriptReducer.Load("broken", source, Tight));

        Assert.StartsWith("Reducer \"broken\" cannot be used", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InitThatThrows_IsAReducerErrorBeforeAnyVersion()
    {
        var reducer = JavaScriptReducer.Load("badinit", "when({ $init: () => { throw new Error('no init'); } });");

        var error = Assert.Throws<ReducerException>(() => reducer.Begin(ReducerLimits.Default, CancellationToken.None));

        Assert.Contains("$init failed", error.Message, StringComparison.Ordinal);
        Assert.Contains("no init", error.Message, StringComparison.Ordinal);
    }
}
