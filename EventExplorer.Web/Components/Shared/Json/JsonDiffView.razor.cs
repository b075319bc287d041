using EventExplorer.Web.Model;
using Microsoft.AspNetCore.Components;

namespace EventExplorer.Web.Components.Shared.Json;

public sealed partial class JsonDiffView
{
    private const int ShownValueLength = 300;

    private enum Tab { Changes, Lines }

    private JsonComparison? _comparison;
    private IReadOnlyList<LineBlock> _blocks = [];
    private readonly HashSet<int> _unfolded = [];
    private Tab _tab = Tab.Changes;
    private (string? Left, string? Right)? _compared;

    [Parameter] public string? Left { get; set; }
    [Parameter] public string? Right { get; set; }
    [Parameter] public string LeftLabel { get; set; } = "Left";
    [Parameter] public string RightLabel { get; set; } = "Right";

    protected override void OnParametersSet()
    {
        if (_compared is { } previous && string.Equals(previous.Left, Left, StringComparison.Ordinal) && string.Equals(previous.Right, Right, StringComparison.Ordinal)) return;
        _compared = (Left, Right);
        _comparison = JsonComparison.Create(Left, Right);
        _blocks = LineDiff.Fold(_comparison.Lines);
        _unfolded.Clear();
        _tab = _comparison.Structural is null ? Tab.Lines : Tab.Changes;
    }

    private static string KindLabel(JsonChangeKind kind) => kind switch
    {
        JsonChangeKind.Added => "added",
        JsonChangeKind.Removed => "removed",
        _ => "changed",
    };

    private static string KindClass(JsonChangeKind kind) => "kind-" + KindLabel(kind);

    private static string RowClass(LineRowKind kind) => "row-" + kind.ToString().ToLowerInvariant();

    private static string Shorten(string? value) =>
        value is null ? "" : value.Length <= ShownValueLength ? value : value[..ShownValueLength] + "…";
}
