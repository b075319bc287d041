using DiffPlex.DiffBuilder;
using DiffPlex.DiffBuilder.Model;

namespace EventExplorer.Web.Model.Json;

/// <summary>How a side-by-side row differs.</summary>
public enum LineRowKind
{
    Same,

    /// <summary>A left line replaced by a right line.</summary>
    Changed,

    /// <summary>Only on the left.</summary>
    Removed,

    /// <summary>Only on the right.</summary>
    Added,
}

/// <summary>One row of a side-by-side view; line numbers are 1-based, null on the side that has no line.</summary>
public sealed record LineRow(LineRowKind Kind, int? LeftNumber, string? LeftText, int? RightNumber, string? RightText);

/// <summary>A run of rows shown together, or a run of unchanged rows folded away.</summary>
public sealed record LineBlock(IReadOnlyList<LineRow> Rows, bool Folded);

/// <summary>
/// A side-by-side line diff of two texts (DiffPlex does the diffing), with long runs of unchanged
/// lines folded so that the changes are what the reader sees first.
/// </summary>
public static class LineComparison
{
    /// <summary>Unchanged lines kept visible around each change.</summary>
    public const int Context = 3;

    /// <summary>Runs of unchanged lines longer than this (beyond the context) are folded.</summary>
    public const int FoldAbove = 8;

    public static IReadOnlyList<LineRow> SideBySide(string left, string right)
    {
        var model = SideBySideDiffBuilder.Diff(left, right, ignoreWhiteSpace: false, ignoreCase: false);
        var rows = new List<LineRow>(model.OldText.Lines.Count);
        for (var i = 0; i < model.OldText.Lines.Count; i++)
        {
            var l = model.OldText.Lines[i];
            var r = model.NewText.Lines[i];
            var kind = (l.Type, r.Type) switch
            {
                (ChangeType.Unchanged, ChangeType.Unchanged) => LineRowKind.Same,
                (_, ChangeType.Imaginary) => LineRowKind.Removed,
                (ChangeType.Imaginary, _) => LineRowKind.Added,
                _ => LineRowKind.Changed,
            };
            rows.Add(new LineRow(kind,
                l.Type == ChangeType.Imaginary ? null : l.Position, l.Type == ChangeType.Imaginary ? null : l.Text,
                r.Type == ChangeType.Imaginary ? null : r.Position, r.Type == ChangeType.Imaginary ? null : r.Text));
        }
        return rows;
    }

    /// <summary>Groups rows into blocks; unchanged runs longer than the context on both sides are folded.</summary>
    public static IReadOnlyList<LineBlock> Fold(IReadOnlyList<LineRow> rows)
    {
        var blocks = new List<LineBlock>();
        var start = 0;
        while (start < rows.Count)
        {
            var end = start;
            var same = rows[start].Kind == LineRowKind.Same;
            while (end < rows.Count && (rows[end].Kind == LineRowKind.Same) == same) end++;
            if (!same)
            {
                blocks.Add(new LineBlock(Slice(rows, start, end), false));
            }
            else
            {
                // Keep the context next to the changes before and after this run; fold the middle.
                var keepBefore = start == 0 ? 0 : Context;
                var keepAfter = end == rows.Count ? 0 : Context;
                if (end - start - keepBefore - keepAfter > FoldAbove)
                {
                    if (keepBefore > 0) blocks.Add(new LineBlock(Slice(rows, start, start + keepBefore), false));
                    blocks.Add(new LineBlock(Slice(rows, start + keepBefore, end - keepAfter), true));
                    if (keepAfter > 0) blocks.Add(new LineBlock(Slice(rows, end - keepAfter, end), false));
                }
                else
                {
                    blocks.Add(new LineBlock(Slice(rows, start, end), false));
                }
            }
            start = end;
        }
        return blocks;
    }

    private static List<LineRow> Slice(IReadOnlyList<LineRow> rows, int start, int end)
    {
        var slice = new List<LineRow>(end - start);
        for (var i = start; i < end; i++) slice.Add(rows[i]);
        return slice;
    }
}
