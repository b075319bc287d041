using System.Text.Json.Nodes;
using Acornima.Ast;
using EventExplorer.Data.Model;
using Jint;
using Jint.Native;
using Jint.Native.Function;
using Jint.Native.Json;
using Jint.Native.Object;
using Jint.Runtime;
using Jint.Runtime.Interop;

namespace EventExplorer.Data.Reducers;

/// <summary>
/// A reducer written in JavaScript in KurrentDB's projection style:
/// <code>
/// options({ aggregates: "order-" });            // an aggregate id prefix, or { firstEvent: "OrderPlaced" }
/// when({
///   $init: () => ({ lines: [] }),
///   OrderPlaced: (s, e) => { s.customer = e.customer; return s; },
///   $any: (s, e, meta) => s,                    // events without a handler of their own
/// });
/// </code>
/// Handlers get the state, the event as stored and <c>{ aggregateId, version, index, committedAt }</c>;
/// returning nothing keeps the (possibly changed) state. The script runs on Jint with no access to
/// .NET, files or the network, and each fold has limits: time for the whole fold, and statements,
/// memory and call depth per handler call. The script is parsed once; each fold gets a fresh engine,
/// so folds never share state.
/// </summary>
public sealed class JavaScriptReducer : Reducer
{
    private readonly Prepared<Script> _script;

    private JavaScriptReducer(Prepared<Script> script, string? aggregatePrefix, string? firstEvent, string source)
    {
        _script = script;
        AggregatePrefix = aggregatePrefix;
        FirstEvent = firstEvent;
        Source = source;
    }

    /// <summary>The script's text.</summary>
    public string Source { get; }

    /// <summary>From <c>options({ aggregates })</c>: the aggregate id prefix it is for.</summary>
    public string? AggregatePrefix { get; }

    /// <summary>From <c>options({ firstEvent })</c>: the type of the first event of the aggregates it is for.</summary>
    public string? FirstEvent { get; }

    public override string Description =>
        $"JavaScript reducer \"{Name}\"" + (AggregatePrefix is { } p ? $" for aggregates starting with \"{p}\"" :
            FirstEvent is { } f ? $" for aggregates whose first event is {f}" : " (for any aggregate)") +
        ": its handlers folded the events in version order.";

    public override bool AppliesTo(string aggregateId, string? firstEventType) =>
        (AggregatePrefix is null || aggregateId.StartsWith(AggregatePrefix, StringComparison.Ordinal)) &&
        (FirstEvent is null || string.Equals(FirstEvent, firstEventType, StringComparison.Ordinal));

    /// <summary>
    /// Parses and runs the script once to read its <c>options</c> and check its <c>when</c>.
    /// Throws <see cref="ReducerLoadException"/> with a message naming the reducer.
    /// </summary>
    public static JavaScriptReducer Load(string name, string source, ReducerLimits? limits = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(source);
        Prepared<Script> script;
        try
        {
            script = Engine.PrepareScript(source, name + ".js", strict: true);
        }
        catch (Exception e) when (e is ScriptPreparationException or Acornima.ParseErrorException or JavaScriptException)
        {
            throw new ReducerLoadException(name, "it is not valid JavaScript: " + e.Message, e);
        }

        using var run = new Sandbox(script, limits ?? ReducerLimits.Default, CancellationToken.None, name);
        if (run.Handlers is null) throw new ReducerLoadException(name, "it never calls when({ ... }) with its handlers");
        var prefix = run.Option("aggregates");
        var firstEvent = run.Option("firstEvent");
        return new JavaScriptReducer(script, prefix, firstEvent, source) { Name = name };
    }

    public override ReducerFold Begin(ReducerLimits limits, CancellationToken cancellationToken)
    {
        var sandbox = new Sandbox(_script, limits, cancellationToken, Name);
        if (sandbox.Handlers is null)
        {
            sandbox.Dispose();
            throw new ReducerLoadException(Name, "it never calls when({ ... }) with its handlers");
        }
        return new Fold(this, sandbox);
    }

    private sealed class Fold : ReducerFold
    {
        private readonly Sandbox _sandbox;
        private JsValue _state;

        public Fold(JavaScriptReducer reducer, Sandbox sandbox) : base(reducer)
        {
            _sandbox = sandbox;
            try
            {
                _state = sandbox.Handler("$init") is { } init ? sandbox.Call(init) : new JsObject(sandbox.Engine);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                sandbox.Dispose();
                throw new ReducerException(reducer.Name, null, null, null, "its $init failed: " + Sandbox.Explain(e, sandbox.Limits), e);
            }
        }

        public override JsonNode? State => _sandbox.ToJson(_state);

        protected override void ApplyEvent(Commit commit, CommitEvent evt)
        {
            var handler = (evt.Type is { } type ? _sandbox.Handler(type) : null) ?? _sandbox.Handler("$any");
            if (handler is null) return;
            var meta = new JsObject(_sandbox.Engine);
            meta.Set("aggregateId", commit.AggregateId);
            meta.Set("version", commit.Version is { } v ? JsNumber.Create(v) : JsValue.Null);
            meta.Set("index", evt.Index);
            meta.Set("committedAt", commit.CommittedAt is { } at ? at.ToString("O", System.Globalization.CultureInfo.InvariantCulture) : JsValue.Null);
            var result = _sandbox.Call(handler, _state, _sandbox.Parse(evt.Json), meta);
            if (!result.IsUndefined()) _state = result;
        }

        protected override string Explain(Exception e) => Sandbox.Explain(e, _sandbox.Limits);

        public override void Dispose()
        {
            _sandbox.Dispose();
            base.Dispose();
        }
    }

    /// <summary>One engine running the script, with the limits, and what the script declared.</summary>
    private sealed class Sandbox : IDisposable
    {
        private readonly CancellationTokenSource _deadline;
        private readonly CancellationToken _cancellation;
        private ObjectInstance? _options;

        public Sandbox(Prepared<Script> script, ReducerLimits limits, CancellationToken cancellationToken, string name)
        {
            Limits = limits;
            _cancellation = cancellationToken;
            _deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            _deadline.CancelAfter(limits.FoldTime);
            Engine = new Engine(options => options
                .Strict()
                .MaxStatements(limits.StatementsPerEvent)
                .LimitMemory(limits.MemoryPerEvent)
                .LimitRecursion(limits.Recursion)
                .CancellationToken(_deadline.Token));
            Engine.SetValue("options", new ClrFunction(Engine, "options", (_, args) =>
            {
                _options = args.At(0) as ObjectInstance;
                return JsValue.Undefined;
            }));
            Engine.SetValue("when", new ClrFunction(Engine, "when", (_, args) =>
            {
                Handlers = args.At(0) as ObjectInstance ?? throw new JavaScriptException(Engine.Intrinsics.TypeError, "when() takes an object of handlers");
                return JsValue.Undefined;
            }));
            try
            {
                Engine.Execute(script);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Dispose();
                throw new ReducerLoadException(name, "running the script failed: " + Explain(e, limits), e);
            }
        }

        public Engine Engine { get; }
        public ReducerLimits Limits { get; }
        public ObjectInstance? Handlers { get; private set; }

        public string? Option(string key) =>
            _options?.GetOwnProperty(key) is { Value: JsString text } ? text.ToString() : null;

        /// <summary>An own function property of the handlers object: an event type such as "constructor" finds nothing inherited.</summary>
        public Function? Handler(string type) =>
            Handlers?.GetOwnProperty(type) is { Value: Function handler } ? handler : null;

        public JsValue Call(Function handler, params JsValue[] args)
        {
            try
            {
                return Engine.Call(handler, JsValue.Undefined, args);
            }
            catch (ExecutionCanceledException) when (_deadline.IsCancellationRequested)
            {
                _cancellation.ThrowIfCancellationRequested();
                throw new TimeoutException($"the fold ran past its time limit ({Limits.FoldTime.TotalSeconds:0.#} s)");
            }
        }

        public JsValue Parse(string json) => new JsonParser(Engine).Parse(json);

        public JsonNode? ToJson(JsValue state)
        {
            if (state.IsUndefined()) return null;
            var text = new JsonSerializer(Engine).Serialize(state);
            return text.IsUndefined() ? null : JsonNode.Parse(text.ToString());
        }

        public static string Explain(Exception e, ReducerLimits limits) => e switch
        {
            JavaScriptException js => js.Error.ToString() is { Length: > 0 } message ? message : js.Message,
            StatementsCountOverflowException => $"a handler ran more than {limits.StatementsPerEvent:N0} statements (an endless loop?)",
            MemoryLimitExceededException => $"a handler allocated more than {limits.MemoryPerEvent / (1024 * 1024)} MB",
            RecursionDepthOverflowException => $"calls nested deeper than {limits.Recursion} (endless recursion?)",
            TimeoutException => e.Message,
            ExecutionCanceledException => $"the script ran past its time limit ({limits.FoldTime.TotalSeconds:0.#} s)",
            _ => e.Message,
        };

        public void Dispose()
        {
            Engine.Dispose();
            _deadline.Dispose();
        }
    }
}

/// <summary>A reducer script that cannot be used: names the reducer and says why.</summary>
public sealed class ReducerLoadException(string reducer, string reason, Exception? inner = null)
    : Exception($"Reducer \"{reducer}\" cannot be used: {reason}", inner)
{
    public string ReducerName { get; } = reducer;
    public string Reason { get; } = reason;
}
