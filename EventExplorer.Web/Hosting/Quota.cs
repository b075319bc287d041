namespace EventExplorer.Web.Hosting;

/// <summary>At most <see cref="PerUser"/> of something per user at once (scans, circuits).</summary>
public sealed class Quota(int perUser)
{
    private readonly Dictionary<string, int> _held = new(StringComparer.Ordinal);

    public int PerUser { get; } = perUser;

    /// <summary>How many are held by everyone.</summary>
    public int Total
    {
        get { lock (_held) return _held.Values.Sum(); }
    }

    public int HeldBy(string user)
    {
        lock (_held) return _held.GetValueOrDefault(user);
    }

    /// <summary>Takes one for <paramref name="user"/> unless the user holds <see cref="PerUser"/> already.</summary>
    public bool TryTake(string user)
    {
        lock (_held)
        {
            var held = _held.GetValueOrDefault(user);
            if (held >= PerUser) return false;
            _held[user] = held + 1;
            return true;
        }
    }

    /// <summary>Takes one whatever the user holds (a circuit reconnecting must not be refused).</summary>
    public void Take(string user)
    {
        lock (_held) _held[user] = _held.GetValueOrDefault(user) + 1;
    }

    public void Release(string user)
    {
        lock (_held)
        {
            var held = _held.GetValueOrDefault(user);
            if (held <= 1) _held.Remove(user);
            else _held[user] = held - 1;
        }
    }
}

/// <summary>Scans running at once, per user.</summary>
public sealed class ScanQuota(int perUser)
{
    public Quota Quota { get; } = new(perUser);
}

/// <summary>Connected circuits (open tabs), per user.</summary>
public sealed class CircuitQuota(int perUser)
{
    public Quota Quota { get; } = new(perUser);
}
