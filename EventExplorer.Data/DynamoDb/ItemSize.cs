using System.Text;
using Amazon.DynamoDBv2.Model;

namespace EventExplorer.Data.DynamoDb;

/// <summary>DynamoDB's item size accounting (names + values, UTF-8), for the 400 KB limit and for display.</summary>
public static class ItemSize
{
    /// <summary>DynamoDB's maximum item size: 400 KB including attribute names.</summary>
    public const int MaxBytes = 400 * 1024;

    public static int Of(IReadOnlyDictionary<string, AttributeValue> item)
    {
        var total = 0;
        foreach (var (name, value) in item)
        {
            total += Encoding.UTF8.GetByteCount(name) + Of(value);
        }
        return total;
    }

    private static int Of(AttributeValue value)
    {
        if (value.S is not null) return Encoding.UTF8.GetByteCount(value.S);
        if (value.N is not null) return NumberSize(value.N);
        if (value.B is not null) return (int)value.B.Length;
        if (value.BOOL is not null || value.NULL is not null) return 1;
        if (value.SS is { } ss) return ss.Sum(Encoding.UTF8.GetByteCount);
        if (value.NS is { } ns) return ns.Sum(NumberSize);
        if (value.L is { } list) return 3 + list.Sum(v => 1 + Of(v));
        if (value.M is { } map) return 3 + map.Sum(kv => 1 + Encoding.UTF8.GetByteCount(kv.Key) + Of(kv.Value));
        return 0;
    }

    // Numbers are stored as up to 38 significant digits: roughly one byte per two digits plus one.
    private static int NumberSize(string number)
    {
        var digits = number.Count(char.IsAsciiDigit);
        return (digits + 1) / 2 + 1;
    }
}
