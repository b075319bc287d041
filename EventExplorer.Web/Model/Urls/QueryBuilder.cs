using System.Globalization;
using System.Text;

namespace EventExplorer.Web.Model.Urls;

/// <summary>Builds a path with query values in a fixed order; empty values are left out, every value is escaped.</summary>
public sealed class QueryBuilder(string path)
{
    private readonly StringBuilder _url = new(path);
    private char _separator = '?';

    public QueryBuilder Add(string name, string? value)
    {
        if (string.IsNullOrEmpty(value)) return this;
        _url.Append(_separator).Append(name).Append('=').Append(Uri.EscapeDataString(value));
        _separator = '&';
        return this;
    }

    public QueryBuilder Add(string name, long? value) => Add(name, value?.ToString(CultureInfo.InvariantCulture));

    public QueryBuilder Add(string name, bool value, string text = "1") => Add(name, value ? text : null);

    public override string ToString() => _url.ToString();
}
