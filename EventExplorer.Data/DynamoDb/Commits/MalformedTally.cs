using EventExplorer.Data.Model;

namespace EventExplorer.Data.DynamoDb.Commits;

/// <summary>Malformed items met during one read: all counted, the first <see cref="MaxListed"/> listed, handed out once.</summary>
internal sealed class MalformedTally
{
    /// <summary>Malformed items listed over one read; the rest are only counted.</summary>
    public const int MaxListed = 100;

    private List<MalformedItem> _new = [];
    private int _listed;

    public long Count { get; private set; }

    public void Add(MalformedItem item)
    {
        Count++;
        if (_listed >= MaxListed) return;
        _listed++;
        _new.Add(item);
    }

    public List<MalformedItem> TakeNew()
    {
        var taken = _new;
        _new = [];
        return taken;
    }
}
