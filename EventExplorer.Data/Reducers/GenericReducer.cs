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
            // Not a pooled JsonDocument: the state's new values are views of this event's elements (no copy
            // per value), so its buffer lives as long as one of them is still in the state.
            var root = JsonElement.Parse(evt.Json);
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new ReducerException(Reducer.Name, commit.Version, evt.Index, evt.Type,
                    $"the event is {Article(root.ValueKind)}, not an object, so it has no properties to merge");
            }
            Merge(_state, root, skipType: true);
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
                    target[property.Name] = Node(property.Value);
                }
            }
        }

        /// <summary>A node over the element (JsonSerializer.SerializeToNode would write and parse it again, for every value of every event).</summary>
        private static JsonNode? Node(JsonElement value) => value.ValueKind switch
        {
            JsonValueKind.Object => JsonObject.Create(value),
            JsonValueKind.Array => JsonArray.Create(value),
            JsonValueKind.Null => null,
            _ => JsonValue.Create(value),
        };

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
