using System.Globalization;

namespace EventExplorer.Web.Model;

/// <summary>
/// Parses query-string values as untrusted input: a bad value never breaks the page, it is replaced
/// by the default and described in words (pages bind strings, not ints, for this reason).
/// </summary>
public static class QueryValues
{
    public static readonly int[] PageSizes = [10, 25, 50, 100, 250];
    public const int MaxPageSize = 1000;

    public static int PageSize(string? text, int fallback, List<string> problems)
    {
        if (string.IsNullOrEmpty(text)) return fallback;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size is >= 1 and <= MaxPageSize)
            return size;
        problems.Add($"Page size '{text}' is not a whole number from 1 to {MaxPageSize}; showing {fallback} per page.");
        return fallback;
    }

    public static long? Version(string? text, string what, List<string> problems)
    {
        if (string.IsNullOrEmpty(text)) return null;
        if (long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var version)) return version;
        problems.Add($"{what} '{text}' is not a version number (0 or more); it was ignored.");
        return null;
    }

    public static bool Oldest(string? start, List<string> problems)
    {
        if (string.IsNullOrEmpty(start) || start == "newest") return false;
        if (start == ExplorerUrls.StartOldest) return true;
        problems.Add($"Start '{start}' is neither 'oldest' nor 'newest'; showing the newest.");
        return false;
    }

    public static bool OldestFirst(string? order, List<string> problems)
    {
        if (string.IsNullOrEmpty(order) || order == ExplorerUrls.OrderNewestFirst) return false;
        if (order == ExplorerUrls.OrderOldestFirst) return true;
        problems.Add($"Order '{order}' is neither '{ExplorerUrls.OrderOldestFirst}' nor '{ExplorerUrls.OrderNewestFirst}'; showing newest first.");
        return false;
    }
}
