using System.Text;
using System.Text.Json;
using EventExplorer.Data.Json;
using EventExplorer.Web.Model.Json;
using Microsoft.AspNetCore.Components;

namespace EventExplorer.Web.Components.Shared.Json;

public sealed partial class JsonView
{
    private string? _parsedText;
    private JsonElement? _root;
    private string? _parseError;
    private string? _pretty;
    private int _byteCount;
    private bool _showRaw;

    private int _generation;

    /// <summary>The JSON text to show (as stored; may be invalid or null).</summary>
    [Parameter] public string? Json { get; set; }

    /// <summary>Containers up to this depth start expanded when they are small.</summary>
    [Parameter] public int ExpandDepth { get; set; } = 2;

    /// <summary>Start in the Raw view.</summary>
    [Parameter] public bool Raw { get; set; }

    /// <summary>What the copy button copies, for its tooltip and notice ("snapshot state").</summary>
    [Parameter] public string CopyWhat { get; set; } = "JSON as stored";

    /// <summary>Says where the text stops being JSON; false when the page says it already (no second, different message).</summary>
    [Parameter] public bool ExplainInvalid { get; set; } = true;

    /// <summary>Extra toolbar content.</summary>
    [Parameter] public RenderFragment? Toolbar { get; set; }

    private string PrettyText => _pretty ??= _root is { } root ? StoredJson.WriteIndented(root) : Json ?? "";

    protected override void OnParametersSet()
    {
        if (_generation > 0 && string.Equals(Json, _parsedText, StringComparison.Ordinal)) return;
        _generation++;
        _parsedText = Json;
        _pretty = null;
        _root = null;
        _parseError = null;
        _showRaw = Raw;
        _byteCount = Json is null ? 0 : Encoding.UTF8.GetByteCount(Json);
        if (Json is null) return;

        try
        {
            // Clone detaches the tree from the pooled document, so nothing needs disposing later.
            using var document = StoredJson.Parse(Json);
            _root = document.RootElement.Clone();
        }
        catch (JsonException error)
        {
            _parseError = "Not valid JSON at " + StoredJson.Describe(Json, error);
        }
    }
}
