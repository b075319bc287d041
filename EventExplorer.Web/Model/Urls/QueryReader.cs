using System.Globalization;

namespace EventExplorer.Web.Model.Urls;

/// <summary>
/// Reads a link's query values as untrusted input: a value that does not fit never breaks a page, it
/// is dropped (the view falls back to its default) and <see cref="Problems"/> says so in words. A page
/// hands it the values the framework bound (<see cref="Of"/>); exports and tests read a URL (<see cref="FromUrl"/>).
/// </summary>
public sealed class QueryReader
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly List<string> _problems = [];

    private QueryReader()
    {
    }

    private QueryReader(string? query)
    {
        if (string.IsNullOrEmpty(query)) return;
        foreach (var part in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = part.IndexOf('=');
            var name = Decode(equals < 0 ? part : part[..equals]);
            var value = equals < 0 ? "" : Decode(part[(equals + 1)..]);
            // The first value of a repeated name wins, as [SupplyParameterFromQuery] would take it.
            if (name is not null && value is not null) _values.TryAdd(name, value);
        }
    }

    /// <summary>What was wrong with the link's values, one sentence each.</summary>
    public IReadOnlyList<string> Problems => _problems;

    /// <summary>Reads the query of an absolute or relative URL.</summary>
    public static QueryReader FromUrl(string url)
    {
        var question = url.IndexOf('?');
        if (question < 0) return new QueryReader(null);
        var hash = url.IndexOf('#', question);
        return new QueryReader(hash < 0 ? url[(question + 1)..] : url[(question + 1)..hash]);
    }

    /// <summary>Reads the values a page's <c>[SupplyParameterFromQuery]</c> parameters were given (already unescaped).</summary>
    public static QueryReader Of(params ReadOnlySpan<(string Name, string? Value)> values)
    {
        var query = new QueryReader();
        foreach (var (name, value) in values)
        {
            if (value is not null) query._values[name] = value;
        }
        return query;
    }

    /// <summary>Reads a whole link with a state record's <paramref name="read"/>; <paramref name="problems"/> says what was wrong with it.</summary>
    public static T Parse<T>(string url, Func<QueryReader, T> read, out IReadOnlyList<string> problems)
    {
        var query = FromUrl(url);
        var state = read(query);
        problems = query.Problems;
        return state;
    }

    public void AddProblem(string problem) => _problems.Add(problem);

    /// <summary>The value as given; null when absent or empty.</summary>
    public string? Text(string name) => _values.TryGetValue(name, out var value) && value.Length > 0 ? value : null;

    /// <summary>A whole number of 0 or more; null (with a problem) when it is something else.</summary>
    public long? WholeNumber(string name, string what)
    {
        if (Text(name) is not { } text) return null;
        if (long.TryParse(text.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var value)) return value;
        _problems.Add($"{what} '{text}' is not a whole number of 0 or more; it was ignored.");
        return null;
    }

    /// <summary>A page size from 1 to <paramref name="max"/>; <paramref name="fallback"/> (with a problem) otherwise.</summary>
    public int PageSize(string name, int fallback, int max)
    {
        if (Text(name) is not { } text) return fallback;
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var size) && size >= 1 && size <= max) return size;
        _problems.Add($"Page size '{text}' is not a whole number from 1 to {max}; showing {fallback} per page.");
        return fallback;
    }

    /// <summary>One of <paramref name="allowed"/>; <paramref name="fallback"/> (with a problem) otherwise.</summary>
    public string Choice(string name, string what, string fallback, params string[] allowed)
    {
        if (Text(name) is not { } text) return fallback;
        if (allowed.Contains(text, StringComparer.Ordinal)) return text;
        _problems.Add($"{what} '{text}' is not one of {string.Join(", ", allowed.Select(a => "'" + a + "'"))}; showing '{fallback}'.");
        return fallback;
    }

    /// <summary>
    /// A point in time as links write it (<see cref="Formats.UrlTime"/>: <c>2026-10-02T14:34Z</c>); also a
    /// date alone (midnight UTC) or an ISO time with an offset. A time without a zone is refused rather than
    /// guessed: a link is read by people in other zones. Null (with a problem) when it is not a time.
    /// </summary>
    public DateTimeOffset? Time(string name, string what)
    {
        if (Text(name) is not { } text) return null;
        if (Formats.TryParseUrlTime(text.Trim(), out var time)) return time;
        _problems.Add($"{what} '{text}' is not a date and time like 2026-10-02T14:34Z (UTC, or with an offset such as +02:00); it was ignored.");
        return null;
    }

    private static string? Decode(string text)
    {
        try
        {
            return Uri.UnescapeDataString(text.Replace('+', ' '));
        }
        catch (UriFormatException)
        {
            return null;
        }
    }
}
