using System.Globalization;
using System.Numerics;
using System.Text;

namespace EventExplorer.Data.Json;

/// <summary>
/// Reads the escapes of JSON text that parsed, so that a <c>\uXXXX</c> escape naming half of a
/// character (a lone surrogate, what Node's JSON.stringify writes for a string cut inside an emoji)
/// can be found and shown instead of failing System.Text.Json, which parses such text but throws on
/// every read of the string. Works on the raw text of a token or a whole document, as UTF-8 bytes
/// (a parsed element) or as characters (stored text): in valid JSON a backslash only ever starts an escape.
/// </summary>
internal static class JsonEscapes
{
    /// <summary>The index of the first escape that is a lone surrogate (its backslash); -1 when there is none.</summary>
    public static int FindLoneSurrogate<T>(ReadOnlySpan<T> raw) where T : unmanaged, IBinaryInteger<T>
    {
        var backslash = T.CreateTruncating('\\');
        var u = T.CreateTruncating('u');
        var offset = 0;
        while (true)
        {
            var found = raw[offset..].IndexOf(backslash);
            if (found < 0) return -1;
            var i = offset + found;
            if (i + 1 >= raw.Length) return -1;
            if (raw[i + 1] != u)
            {
                // \" \\ \n ...: two characters, whatever the second is.
                offset = i + 2;
                continue;
            }
            var unit = Hex(raw, i + 2);
            if (unit is >= 0xD800 and <= 0xDBFF)
            {
                if (i + 11 < raw.Length && raw[i + 6] == backslash && raw[i + 7] == u && Hex(raw, i + 8) is >= 0xDC00 and <= 0xDFFF)
                {
                    offset = i + 12;
                    continue;
                }
                return i;
            }
            if (unit is >= 0xDC00 and <= 0xDFFF) return i;
            offset = i + 6;
        }
    }

    /// <summary>The escape at <paramref name="index"/> as written (<c>\ud800</c>).</summary>
    public static string EscapeAt<T>(ReadOnlySpan<T> raw, int index) where T : unmanaged, IBinaryInteger<T>
    {
        var text = new StringBuilder(6);
        foreach (var c in raw.Slice(index, Math.Min(6, raw.Length - index))) text.Append((char)int.CreateTruncating(c));
        return text.ToString();
    }

    /// <summary>How a lone surrogate is written: the escape JSON.stringify writes for it, in lower case.</summary>
    public static string Escape(int unit) => "\\u" + unit.ToString("x4", CultureInfo.InvariantCulture);

    /// <summary>
    /// The text of a string token's content (between its quotes, as UTF-8 bytes). A lone surrogate is
    /// written as its escape when <paramref name="showLoneSurrogates"/> (text safe to show and to encode), or
    /// kept as the lone UTF-16 unit it denotes otherwise (for comparing values exactly; never shown or encoded).
    /// </summary>
    public static string Decode(ReadOnlySpan<byte> content, bool showLoneSurrogates)
    {
        var text = new StringBuilder(content.Length);
        var i = 0;
        while (i < content.Length)
        {
            var next = content[i..].IndexOf((byte)'\\');
            if (next < 0)
            {
                text.Append(Encoding.UTF8.GetString(content[i..]));
                break;
            }
            text.Append(Encoding.UTF8.GetString(content.Slice(i, next)));
            i += next;
            var kind = i + 1 < content.Length ? content[i + 1] : (byte)'\\';
            if (kind != (byte)'u')
            {
                text.Append(kind switch
                {
                    (byte)'b' => '\b',
                    (byte)'f' => '\f',
                    (byte)'n' => '\n',
                    (byte)'r' => '\r',
                    (byte)'t' => '\t',
                    _ => (char)kind,
                });
                i += 2;
                continue;
            }
            var unit = Hex(content, i + 2);
            if (unit is >= 0xD800 and <= 0xDBFF && i + 11 < content.Length && content[i + 6] == (byte)'\\' && content[i + 7] == (byte)'u'
                && Hex(content, i + 8) is var low and >= 0xDC00 and <= 0xDFFF)
            {
                text.Append((char)unit).Append((char)low);
                i += 12;
                continue;
            }
            // Shown as written (JSON.stringify writes \ud800; other programs may write \uD800), so that what is shown is what a search of the stored text finds.
            if (unit is >= 0xD800 and <= 0xDFFF && showLoneSurrogates) text.Append(Encoding.ASCII.GetString(content.Slice(i, 6)));
            else text.Append((char)unit);
            i += 6;
        }
        return text.ToString();
    }

    /// <summary>The index of the first lone surrogate character of <paramref name="text"/>; -1 when its UTF-16 is whole.</summary>
    public static int FindLoneSurrogateChar(ReadOnlySpan<char> text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            if (!char.IsSurrogate(text[i])) continue;
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
                continue;
            }
            return i;
        }
        return -1;
    }

    // Valid JSON has four hex digits after \u; a cut token (never passed here) reads as 0.
    private static int Hex<T>(ReadOnlySpan<T> raw, int start) where T : unmanaged, IBinaryInteger<T>
    {
        if (start + 4 > raw.Length) return 0;
        var value = 0;
        for (var i = start; i < start + 4; i++)
        {
            var c = int.CreateTruncating(raw[i]);
            var digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => 0,
            };
            value = value * 16 + digit;
        }
        return value;
    }
}
