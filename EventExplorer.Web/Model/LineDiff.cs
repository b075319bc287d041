namespace EventExplorer.Web.Model;

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
public sealed record LineRow
{
    public required LineRowKind Kind { get; init; }
    public int? LeftNumber { get; init; }
    public string? LeftText { get; init; }
    public int? RightNumber { get; init; }
    public string? RightText { get; init; }
}

/// <summary>A run of rows shown together, or a run of unchanged rows folded away.</summary>
public sealed record LineBlock
{
    public required IReadOnlyList<LineRow> Rows { get; init; }

    /// <summary>True for a long run of unchanged lines the view folds by default.</summary>
    public required bool Folded { get; init; }
}

/// <summary>
/// Line diff of two texts (Myers' O((N+M)·D) algorithm after trimming the common head and tail),
/// arranged as side-by-side rows. When the texts differ in more than <see cref="MaxEditDistance"/>
/// lines, the differing middle is shown as replaced wholesale rather than spending unbounded time.
/// </summary>
public static class LineDiff
{
    public const int MaxEditDistance = 2000;

    public static IReadOnlyList<LineRow> SideBySide(string left, string right) =>
        SideBySide(SplitLines(left), SplitLines(right));

    public static IReadOnlyList<LineRow> SideBySide(IReadOnlyList<string> left, IReadOnlyList<string> right)
    {
        var head = 0;
        while (head < left.Count && head < right.Count && left[head] == right[head]) head++;
        var tail = 0;
        while (tail < left.Count - head && tail < right.Count - head && left[left.Count - 1 - tail] == right[right.Count - 1 - tail]) tail++;

        var rows = new List<LineRow>(Math.Max(left.Count, right.Count));
        for (var i = 0; i < head; i++) rows.Add(Same(left, right, i, i));

        var ops = Myers(left, right, head, left.Count - tail, head, right.Count - tail)
            ?? Replace(head, left.Count - tail, head, right.Count - tail);
        AppendRows(rows, ops, left, right);

        for (var i = tail; i > 0; i--) rows.Add(Same(left, right, left.Count - i, right.Count - i));
        return rows;
    }

    /// <summary>Groups rows so that unchanged runs longer than twice <paramref name="context"/> fold, keeping <paramref name="context"/> lines around each change.</summary>
    public static IReadOnlyList<LineBlock> Fold(IReadOnlyList<LineRow> rows, int context = 3)
    {
        var blocks = new List<LineBlock>();
        var pending = new List<LineRow>();
        var i = 0;
        while (i < rows.Count)
        {
            if (rows[i].Kind != LineRowKind.Same)
            {
                pending.Add(rows[i++]);
                continue;
            }

            var end = i;
            while (end < rows.Count && rows[end].Kind == LineRowKind.Same) end++;
            var keepBefore = i == 0 ? 0 : context;
            var keepAfter = end == rows.Count ? 0 : context;
            if (end - i > keepBefore + keepAfter + 1)
            {
                pending.AddRange(Slice(rows, i, i + keepBefore));
                if (pending.Count > 0) blocks.Add(new LineBlock { Rows = [.. pending], Folded = false });
                pending.Clear();
                blocks.Add(new LineBlock { Rows = Slice(rows, i + keepBefore, end - keepAfter), Folded = true });
                pending.AddRange(Slice(rows, end - keepAfter, end));
            }
            else
            {
                pending.AddRange(Slice(rows, i, end));
            }
            i = end;
        }

        if (pending.Count > 0) blocks.Add(new LineBlock { Rows = [.. pending], Folded = false });
        return blocks;
    }

    public static string[] SplitLines(string text) =>
        text.Length == 0 ? [] : text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');

    private static List<LineRow> Slice(IReadOnlyList<LineRow> rows, int from, int to)
    {
        var slice = new List<LineRow>(Math.Max(0, to - from));
        for (var i = from; i < to; i++) slice.Add(rows[i]);
        return slice;
    }

    private static LineRow Same(IReadOnlyList<string> left, IReadOnlyList<string> right, int i, int j) => new()
    {
        Kind = LineRowKind.Same, LeftNumber = i + 1, LeftText = left[i], RightNumber = j + 1, RightText = right[j],
    };

    private enum OpKind { Equal, Delete, Insert }

    private readonly record struct Op(OpKind Kind, int Left, int Right);

    // Deleted and inserted lines between two equal ones are paired into "changed" rows, the rest stand alone.
    private static void AppendRows(List<LineRow> rows, List<Op> ops, IReadOnlyList<string> left, IReadOnlyList<string> right)
    {
        var deletes = new List<int>();
        var inserts = new List<int>();

        void Flush()
        {
            var pairs = Math.Min(deletes.Count, inserts.Count);
            for (var p = 0; p < pairs; p++)
            {
                rows.Add(new LineRow
                {
                    Kind = LineRowKind.Changed,
                    LeftNumber = deletes[p] + 1, LeftText = left[deletes[p]],
                    RightNumber = inserts[p] + 1, RightText = right[inserts[p]],
                });
            }
            for (var p = pairs; p < deletes.Count; p++)
            {
                rows.Add(new LineRow { Kind = LineRowKind.Removed, LeftNumber = deletes[p] + 1, LeftText = left[deletes[p]] });
            }
            for (var p = pairs; p < inserts.Count; p++)
            {
                rows.Add(new LineRow { Kind = LineRowKind.Added, RightNumber = inserts[p] + 1, RightText = right[inserts[p]] });
            }
            deletes.Clear();
            inserts.Clear();
        }

        foreach (var op in ops)
        {
            switch (op.Kind)
            {
                case OpKind.Delete: deletes.Add(op.Left); break;
                case OpKind.Insert: inserts.Add(op.Right); break;
                default:
                    Flush();
                    rows.Add(Same(left, right, op.Left, op.Right));
                    break;
            }
        }
        Flush();
    }

    private static List<Op> Replace(int aStart, int aEnd, int bStart, int bEnd)
    {
        var ops = new List<Op>();
        for (var i = aStart; i < aEnd; i++) ops.Add(new Op(OpKind.Delete, i, -1));
        for (var j = bStart; j < bEnd; j++) ops.Add(new Op(OpKind.Insert, -1, j));
        return ops;
    }

    // Greedy forward Myers with the frontier of every step kept (only its live diagonals, so
    // memory is O(D²)) and a backtrack to recover the edit script. Null when D exceeds the cap.
    private static List<Op>? Myers(IReadOnlyList<string> a, IReadOnlyList<string> b, int aStart, int aEnd, int bStart, int bEnd)
    {
        var n = aEnd - aStart;
        var m = bEnd - bStart;
        var max = n + m;
        if (max == 0) return [];

        var offset = max + 1;
        var v = new int[2 * max + 3];
        var trace = new List<int[]>();
        var found = -1;

        for (var d = 0; d <= Math.Min(max, MaxEditDistance) && found < 0; d++)
        {
            var snapshot = new int[2 * d + 1];
            Array.Copy(v, offset - d, snapshot, 0, 2 * d + 1);
            trace.Add(snapshot);

            for (var k = -d; k <= d; k += 2)
            {
                var x = k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1])
                    ? v[offset + k + 1]
                    : v[offset + k - 1] + 1;
                var y = x - k;
                while (x < n && y < m && a[aStart + x] == b[bStart + y])
                {
                    x++;
                    y++;
                }
                v[offset + k] = x;
                if (x >= n && y >= m)
                {
                    found = d;
                    break;
                }
            }
        }

        if (found < 0) return null;

        var ops = new List<Op>();
        var cx = n;
        var cy = m;
        for (var d = found; d > 0; d--)
        {
            var previous = trace[d];
            var k = cx - cy;
            var down = k == -d || (k != d && previous[k - 1 + d] < previous[k + 1 + d]);
            var previousK = down ? k + 1 : k - 1;
            var previousX = previous[previousK + d];
            var previousY = previousX - previousK;
            while (cx > previousX && cy > previousY)
            {
                cx--;
                cy--;
                ops.Add(new Op(OpKind.Equal, aStart + cx, bStart + cy));
            }
            if (down) ops.Add(new Op(OpKind.Insert, -1, bStart + previousY));
            else ops.Add(new Op(OpKind.Delete, aStart + previousX, -1));
            cx = previousX;
            cy = previousY;
        }
        while (cx > 0 && cy > 0)
        {
            cx--;
            cy--;
            ops.Add(new Op(OpKind.Equal, aStart + cx, bStart + cy));
        }

        ops.Reverse();
        return ops;
    }
}
