using System.Globalization;

namespace EventExplorer.Data.DynamoDb;

/// <summary>
/// Arithmetic on number attributes as DynamoDB stores them: up to 38 digits with an exponent from -130 to
/// +125, so a version or commit id another program wrote may lie far past decimal (about 7.9e28) and long.
/// Nothing here throws on such a number: what cannot be said as a long is null.
/// </summary>
public static class StoredNumber
{
    /// <summary>Longest number text taken from a link: DynamoDB's own spelling of 1E+125 or 1E-130 takes about 130 characters.</summary>
    public const int MaxLength = 200;

    /// <summary>True when <paramref name="text"/> is a number such as DynamoDB stores (12, 2.5, -1E+125), in any spelling.</summary>
    public static bool IsNumber(string? text) =>
        text is { Length: > 0 and <= MaxLength }
        && double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent, CultureInfo.InvariantCulture, out var value)
        && double.IsFinite(value);

    /// <summary>How many whole numbers lie from <paramref name="low"/> to <paramref name="high"/> (both inclusive); null when that is no long.</summary>
    public static long? WholeCountBetween(string low, string high)
    {
        if (Decimal(low) is { } a && Decimal(high) is { } b)
        {
            var count = Math.Floor(b) - Math.Ceiling(a) + 1;
            return count <= 0 ? 0 : count <= long.MaxValue ? (long)count : null;
        }
        var span = Math.Floor(Double(high)) - Math.Ceiling(Double(low)) + 1;
        return !double.IsFinite(span) ? null : span <= 0 ? 0 : span < long.MaxValue ? (long)span : null;
    }

    /// <summary>The first whole number above <paramref name="value"/> (where a read continues after it); null when no long is.</summary>
    public static long? NextWhole(string value)
    {
        if (Decimal(value) is { } d)
        {
            var next = Math.Floor(d) + 1;
            return next > long.MaxValue ? null : next < long.MinValue ? long.MinValue : (long)next;
        }
        // Past decimal: far beyond long either way.
        return Double(value) > 0 ? null : long.MinValue;
    }

    private static decimal? Decimal(string value) =>
        decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    private static double Double(string value) =>
        double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : double.NaN;
}
