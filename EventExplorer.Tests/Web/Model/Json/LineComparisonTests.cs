using EventExplorer.Web.Model.Json;

namespace EventExplorer.Tests.Web.Model.Json;

public sealed class LineComparisonTests
{
    [Fact]
    public void SideBySide_ReplacedLine_IsOneChangedRowWithBothLineNumbers()
    {
        var rows = LineComparison.SideBySide("a\nb\nc", "a\nB\nc");

        Assert.Equal([LineRowKind.Same, LineRowKind.Changed, LineRowKind.Same], rows.Select(r => r.Kind));
        Assert.Equal((2, "b", 2, "B"), (rows[1].LeftNumber, rows[1].LeftText, rows[1].RightNumber, rows[1].RightText));
    }

    [Fact]
    public void SideBySide_InsertedAndDeletedLines_AlignTheRest()
    {
        var rows = LineComparison.SideBySide("x\na\nb\nc\nd", "a\nb\nnew\nc\nd");

        Assert.Equal(
            [LineRowKind.Removed, LineRowKind.Same, LineRowKind.Same, LineRowKind.Added, LineRowKind.Same, LineRowKind.Same],
            rows.Select(r => r.Kind));
        Assert.Equal("x", rows[0].LeftText);
        Assert.Null(rows[0].RightNumber);
        Assert.Equal((3, "new"), (rows[3].RightNumber, rows[3].RightText));
        Assert.Equal((5, 5), (rows[^1].LeftNumber, rows[^1].RightNumber));
    }

    [Fact]
    public void SideBySide_EveryLineOfBothTextsAppearsOnceInOrder()
    {
        var random = new Random(7);
        var left = Enumerable.Range(0, 300).Select(_ => random.Next(20).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var right = Enumerable.Range(0, 280).Select(_ => random.Next(20).ToString(System.Globalization.CultureInfo.InvariantCulture)).ToArray();

        var rows = LineComparison.SideBySide(string.Join("\n", left), string.Join("\n", right));

        Assert.Equal(left, rows.Where(r => r.LeftText is not null).Select(r => r.LeftText!));
        Assert.Equal(right, rows.Where(r => r.RightText is not null).Select(r => r.RightText!));
        Assert.All(rows.Where(r => r.Kind == LineRowKind.Same), r => Assert.Equal(r.LeftText, r.RightText));
    }

    [Fact]
    public void Fold_LongUnchangedRuns_AreFoldedKeepingContextAroundTheChange()
    {
        var left = string.Join("\n", Enumerable.Range(0, 40));
        var right = left.Replace("\n20\n", "\ntwenty\n", StringComparison.Ordinal);

        var blocks = LineComparison.Fold(LineComparison.SideBySide(left, right));

        Assert.Equal([true, false, false, false, true], blocks.Select(b => b.Folded));
        Assert.Equal(17, blocks[0].Rows.Count);
        Assert.Equal(["17", "18", "19", "20", "21", "22", "23"], blocks.Skip(1).Take(3).SelectMany(b => b.Rows).Select(r => r.LeftText!));
        Assert.Equal(16, blocks[4].Rows.Count);
        Assert.Equal(40, blocks.Sum(b => b.Rows.Count));
    }

    [Fact]
    public void Fold_ShortUnchangedRun_StaysVisible()
    {
        var blocks = LineComparison.Fold(LineComparison.SideBySide("a\nb\nc\nd", "a\nb\nc\nD"));

        Assert.DoesNotContain(blocks, b => b.Folded);
    }
}
