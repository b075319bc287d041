using System.Text.Json;
using EventExplorer.Data.Json;

namespace EventExplorer.Web.Model.Json;

/// <summary>
/// Everything a diff view shows for two JSON texts: the structural changes (when both sides are
/// JSON) and a side-by-side line diff of the pretty-printed texts (raw text for a side that is not JSON).
/// </summary>
public sealed class JsonComparison
{
    private JsonComparison(string leftText, string rightText, string? leftError, string? rightError, JsonDiffResult? structural)
    {
        LeftText = leftText;
        RightText = rightText;
        LeftError = leftError;
        RightError = rightError;
        Structural = structural;
        Lines = LineComparison.SideBySide(leftText, rightText);
        Blocks = LineComparison.Fold(Lines);
        ChangedLines = Lines.Count(l => l.Kind != LineRowKind.Same);
    }

    /// <summary>The left side as compared: pretty-printed when it is JSON, else exactly as given.</summary>
    public string LeftText { get; }
    public string RightText { get; }

    /// <summary>Why the left side is not JSON; null when it is.</summary>
    public string? LeftError { get; }
    public string? RightError { get; }

    /// <summary>Path-by-path changes; null when either side is not JSON.</summary>
    public JsonDiffResult? Structural { get; }

    public IReadOnlyList<LineRow> Lines { get; }

    public IReadOnlyList<LineBlock> Blocks { get; }

    public int ChangedLines { get; }

    public int Count(JsonChangeKind kind) => Structural?.Changes.Count(c => c.Kind == kind) ?? 0;

    public static JsonComparison Create(string? left, string? right, int maxChanges = JsonDiff.DefaultMaxChanges)
    {
        var (leftText, leftElement, leftError) = Prepare(left);
        var (rightText, rightElement, rightError) = Prepare(right);
        var structural = leftElement is { } l && rightElement is { } r ? JsonDiff.Compare(l, r, maxChanges) : null;
        return new JsonComparison(leftText, rightText, leftError, rightError, structural);
    }

    private static (string Text, JsonElement? Element, string? Error) Prepare(string? text)
    {
        if (text is null) return ("", null, "There is no value.");
        try
        {
            using var document = StoredJson.Parse(text);
            var root = document.RootElement.Clone();
            return (StoredJson.WriteIndented(root), root, null);
        }
        catch (JsonException error)
        {
            return (text, null, "Not valid JSON at " + StoredJson.Describe(text, error));
        }
    }
}
