using System.Globalization;
using System.Text.Json;
using EventExplorer.Data.Json;
using EventExplorer.Web.Model.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace EventExplorer.Web.Components.Shared.Json;

public sealed partial class JsonNode
{
    /// <summary>Children rendered per click, so a huge array never renders in one go.</summary>
    public const int PageSize = 100;

    /// <summary>Containers larger than this start collapsed below the root.</summary>
    public const int LargeContainer = 50;

    /// <summary>Strings longer than this are cut until the user asks for the rest.</summary>
    public const int LongString = 500;

    private JsonElement _value;
    private bool _initialized;
    private int _count;
    private bool _expanded;
    private int _shown;
    private bool _truncated;
    private bool _wholeString;
    private string _string = "";
    private bool _halfCharacter;
    private bool _menuShown;
    private bool _menuOpen;
    private bool _focusMenu;
    private ElementReference _activator;

    [Parameter, EditorRequired] public JsonElement Value { get; set; }

    /// <summary>The property name when this value is an object member (as <see cref="StoredJson.GetName"/> shows it).</summary>
    [Parameter] public string? Name { get; set; }

    /// <summary>The property name holds half of a character (shown as its escape): the value is flagged.</summary>
    [Parameter] public bool NameHasHalfCharacter { get; set; }

    /// <summary>The position when this value is an array element.</summary>
    [Parameter] public int? Index { get; set; }

    [Parameter, EditorRequired] public string Path { get; set; } = "$";

    [Parameter] public int Depth { get; set; }

    [Parameter] public int ExpandDepth { get; set; } = 2;

    /// <summary>How many values share this node's parent: members of a large container start collapsed.</summary>
    [Parameter] public int SiblingCount { get; set; }

    /// <summary>The event's aggregate and time, when the tree shows a commit's event; values then offer their actions.</summary>
    [CascadingParameter] public EventValueContext? EventContext { get; set; }

    /// <summary>The aggregate and reducer, when the tree shows a folded state; values then offer their history in the state.</summary>
    [CascadingParameter] public Model.State.StateValueContext? StateContext { get; set; }

    private string ActionsLabel => "Actions for the value at " + Path;

    private string Summary => _value.ValueKind == JsonValueKind.Array
        ? (_count == 1 ? "[1 item]" : $"[{_count.ToString(CultureInfo.InvariantCulture)} items]")
        : (_count == 1 ? "{1 key}" : $"{{{_count.ToString(CultureInfo.InvariantCulture)} keys}}");

    private string ValueClass => _value.ValueKind switch
    {
        JsonValueKind.String => "json-string",
        JsonValueKind.Number => "json-number",
        JsonValueKind.True or JsonValueKind.False => "json-bool",
        JsonValueKind.Null => "json-null",
        _ => "json-empty",
    };

    private string ValueText
    {
        get
        {
            switch (_value.ValueKind)
            {
                case JsonValueKind.String:
                    return "\"" + (_truncated ? Cut(_string) + "…" : _string) + "\"";
                case JsonValueKind.Object:
                    return "{}";
                case JsonValueKind.Array:
                    return "[]";
                default:
                    return _value.GetRawText();
            }
        }
    }

    protected override void OnParametersSet()
    {
        // Within one document a node always receives the same value (the viewer re-keys the whole
        // tree when the document changes), so state is set up once and survives re-renders.
        _value = Value;
        if (_initialized) return;
        _initialized = true;

        _count = Value.ValueKind switch
        {
            JsonValueKind.Array => Value.GetArrayLength(),
            JsonValueKind.Object => Value.EnumerateObject().Count(),
            _ => 0,
        };
        _expanded = Depth == 0 || (Depth < ExpandDepth && _count <= LargeContainer && SiblingCount <= LargeContainer);
        _shown = Math.Min(_count, PageSize);
        // Half of a character (a lone surrogate) is shown as its escape and flagged, where reading it would throw.
        _string = Value.ValueKind == JsonValueKind.String ? StoredJson.GetString(Value) : "";
        _halfCharacter = (Value.ValueKind == JsonValueKind.String && StoredJson.HasLoneSurrogate(Value)) || NameHasHalfCharacter;
        _truncated = !_wholeString && _string.Length > LongString;
    }

    // Never between the two halves of a character.
    private static string Cut(string text) => text[..(char.IsHighSurrogate(text[LongString - 1]) ? LongString - 1 : LongString)];

    private void OnExpandedChanged(bool expanded) => _expanded = expanded;

    private void ShowMenu()
    {
        _menuShown = true;
        _menuOpen = true;
        _focusMenu = true;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        // The plain button that was clicked is gone: keyboard focus moves to the same-looking one of the menu that replaced it.
        if (!_focusMenu) return;
        _focusMenu = false;
        try
        {
            await _activator.FocusAsync();
        }
        catch (JSDisconnectedException)
        {
        }
    }

    private void ShowMore() => _shown = Math.Min(_count, _shown + PageSize);

    private void ShowWholeString()
    {
        _wholeString = true;
        _truncated = false;
    }

    private IEnumerable<(string? Name, bool HalfCharacter, int? Index, string Path, JsonElement Value)> Children()
    {
        if (_value.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in _value.EnumerateArray())
            {
                yield return (null, false, i, Path + "[" + i.ToString(CultureInfo.InvariantCulture) + "]", item);
                i++;
            }
        }
        else if (_value.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in _value.EnumerateObject())
            {
                var name = StoredJson.GetName(property);
                yield return (name, StoredJson.HasLoneSurrogate(property), null, Path + JsonDiff.Member(name), property.Value);
            }
        }
    }
}
