using System.Collections;
using System.Text;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Options;

namespace EventExplorer.Web.Observability;

/// <summary>
/// The console log with control characters escaped in everything a log line carries: the message with
/// its values, exception texts and scopes. Ids come from users and from the database; written to a
/// terminal as they are, an ANSI escape in one recolours or clears the operator's screen, and a line
/// break forges a log line of its own. The console's own layout and colours are left as they are.
/// </summary>
public static class ConsoleLogEscaping
{
    /// <summary>Wraps the console logger the host registered, if it did; other providers (OpenTelemetry) get values as they are.</summary>
    public static IServiceCollection AddConsoleLogEscaping(this IServiceCollection services)
    {
        var console = services.FirstOrDefault(d => d.ServiceType == typeof(ILoggerProvider) && d.ImplementationType == typeof(ConsoleLoggerProvider));
        if (console is null) return services;
        services.Remove(console);
        services.AddSingleton<ILoggerProvider>(sp => new EscapingConsoleLoggerProvider(
            new ConsoleLoggerProvider(sp.GetRequiredService<IOptionsMonitor<ConsoleLoggerOptions>>(), sp.GetServices<ConsoleFormatter>())));
        return services;
    }

    /// <summary>
    /// <paramref name="text"/> with control characters (C0, DEL, C1: ANSI escapes start with ESC or
    /// CSI), line and paragraph separators and bidirectional overrides written as <c>\n</c>, <c>\r</c>,
    /// <c>\t</c> or <c>\uXXXX</c>; the same string when it has none.
    /// </summary>
    public static string Escape(string text) => Escape(text, keepLineBreaks: false);

    private static string Escape(string text, bool keepLineBreaks)
    {
        var first = text.AsSpan().IndexOfAny(Escaped);
        if (first < 0) return text;
        var escaped = new StringBuilder(text.Length + 16).Append(text, 0, first);
        foreach (var c in text.AsSpan(first))
        {
            if (!Escaped.Contains(c) || (keepLineBreaks && c is '\n' or '\r')) escaped.Append(c);
            else if (c == '\n') escaped.Append(@"\n");
            else if (c == '\r') escaped.Append(@"\r");
            else if (c == '\t') escaped.Append(@"\t");
            else escaped.Append(@"\u").Append(((int)c).ToString("X4"));
        }
        return escaped.ToString();
    }

    private static readonly System.Buffers.SearchValues<char> Escaped = System.Buffers.SearchValues.Create(
        Enumerable.Range(0, 0x20).Concat(Enumerable.Range(0x7F, 0x21)) // C0, DEL, C1
            .Concat([0x200E, 0x200F, 0x2028, 0x2029]).Concat(Enumerable.Range(0x202A, 5)).Concat(Enumerable.Range(0x2066, 4))
            .Select(c => (char)c).ToArray());

    /// <summary>
    /// An exception's text with its messages (and whatever else it quotes) escaped, keeping the line
    /// breaks of the stack trace: a message's own line breaks are escaped first, so it cannot start a line.
    /// </summary>
    internal static string EscapeException(Exception exception)
    {
        var text = exception.ToString();
        foreach (var message in Messages(exception).Where(m => m.Length > 0 && Escape(m) != m).Distinct().OrderByDescending(m => m.Length))
        {
            text = text.Replace(message, Escape(message), StringComparison.Ordinal);
        }
        return Escape(text, keepLineBreaks: true);
    }

    private static IEnumerable<string> Messages(Exception exception)
    {
        yield return exception.Message;
        var inner = exception is AggregateException aggregate ? aggregate.InnerExceptions : exception.InnerException is { } one ? [one] : [];
        foreach (var message in inner.SelectMany(Messages)) yield return message;
    }
}

/// <summary>The host's console logger, given escaped text.</summary>
[ProviderAlias("Console")]
internal sealed class EscapingConsoleLoggerProvider(ConsoleLoggerProvider console) : ILoggerProvider, ISupportExternalScope
{
    public ILogger CreateLogger(string categoryName) => new EscapingLogger(console.CreateLogger(categoryName));

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => console.SetScopeProvider(new EscapingScopes(scopeProvider));

    public void Dispose() => console.Dispose();

    private sealed class EscapingLogger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel)) return;
            inner.Log(logLevel, eventId, state, exception is null ? null : new EscapedException(exception),
                (s, _) => ConsoleLogEscaping.Escape(formatter(s, exception)));
        }
    }

    /// <summary>What the console formatters write for an exception (its ToString), escaped.</summary>
    private sealed class EscapedException(Exception original) : Exception(ConsoleLogEscaping.Escape(original.Message))
    {
        public override string ToString() => ConsoleLogEscaping.EscapeException(original);
    }

    private sealed class EscapingScopes(IExternalScopeProvider inner) : IExternalScopeProvider
    {
        public void ForEachScope<TState>(Action<object?, TState> callback, TState state) =>
            inner.ForEachScope(static (scope, pair) => pair.callback(scope is null ? null : new EscapedScope(scope), pair.state), (callback, state));

        public IDisposable Push(object? state) => inner.Push(state);
    }

    /// <summary>A scope as the formatters read it (its text, or its values for the JSON formatter), escaped.</summary>
    private sealed class EscapedScope(object scope) : IEnumerable<KeyValuePair<string, object?>>
    {
        public IEnumerator<KeyValuePair<string, object?>> GetEnumerator() =>
            (scope as IEnumerable<KeyValuePair<string, object?>> ?? [])
                .Select(item => new KeyValuePair<string, object?>(item.Key, item.Value is string text ? ConsoleLogEscaping.Escape(text) : item.Value))
                .GetEnumerator();

        IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

        public override string ToString() => ConsoleLogEscaping.Escape(scope.ToString() ?? "");
    }
}
