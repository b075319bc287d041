using System.Text.Json;
using System.Text.Json.Nodes;
using EventExplorer.Data.Model;

namespace EventExplorer.Data.Reducers;

/// <summary>
/// The reducer that is always there: each event's properties other than <c>type</c> are merged into
/// the state. Objects merge by key, at any depth; arrays and scalars replace what was there. It knows
/// nothing of the domain, so a removal or a running total is not what it shows: write a JavaScript
/// reducer for that.
/// </summary>
public sealed class GenericReducer : Reducer
{
    public const string DefaultName = "generic";

    public static GenericReducer Instance { get; } = new() { Name = DefaultName };

    public override string Description =>
        "Generic: each event's properties other than \"type\" were merged into the state in version order " +
        "(objects merged by key, arrays and single values replaced).";

    public override bool AppliesTo(string aggregateId, string? firstEventType) => true;

    public override ReducerFold Begin(ReducerLimits limits, CancellationToken cancellationToken) => new Fold(this, cancellationToken);

    private sealed class Fold(GenericReducer reducer, CancellationToken cancellationToken) : ReducerFold(reducer)
    {
        private readonly JsonObject _state = [];

        public override JsonNode? State => _state.DeepClone();

        protected override void ApplyEvent(Commit commit, CommitEvent evt)
        {
            cancellationToken.ThrowIfCancellationRequested();
            using var document = JsonDocument.Parse(evt.Json);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ReducerException(Reducer.Name, commit.Version, evt.Index, evt.Type,
                    $"the event is {Article(document.RootElement.ValueKind)}, not an object, so it has no properties to merge");
            }
            Merge(_state, document.RootElement, skipType: true);
        }

        private static void Merge(JsonObject target, JsonElement source, bool skipType)
        {
            foreach (var property in source.EnumerateObject())
            {
                if (skipType && property.NameEquals("type")) continue;
                if (property.Value.ValueKind == JsonValueKind.Object && target[property.Name] is JsonObject existing)
                {
                    Merge(existing, property.Value, skipType: false);
                }
                else
                {
                    target[property.Name] = JsonSerializer.SerializeToNode(property.Value);
                }
            }
        }

        private static string Article(JsonValueKind kind) => kind switch
        {
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "null",
        };
    }
}
