using Microsoft.Playwright;

namespace EventExplorer.E2E.Infrastructure;

/// <summary>
/// Knowing when the Blazor circuit is live. Pages prerender: the first response already shows the
/// data, but its buttons, selects and forms do nothing until the circuit has rendered the page
/// again, and a click in that window is lost. The layout's first interactive render asks the
/// browser for its time zone (<c>eventExplorer.timeZone</c> in app.js, from MainLayout's
/// OnAfterRenderAsync). Blazor Server runs OnAfterRender once the browser has applied the render
/// batch, and the call can only come over a live circuit, so it marks the moment the interactive
/// page is in place. The init script wraps the function and marks the document when it is called.
/// </summary>
public static class Interactivity
{
    public const string InitScript = """
        (() => {
          let value;
          const mark = (fn) => function () { window.__eeCircuitLive = true; return fn.apply(this, arguments); };
          Object.defineProperty(window, 'eventExplorer', {
            configurable: true,
            get() { return value; },
            set(v) {
              if (v && typeof v === 'object' && typeof v.timeZone === 'function') v.timeZone = mark(v.timeZone);
              value = v;
            },
          });
        })();
        """;

    /// <summary>
    /// Waits until the circuit has rendered this document interactively. Fails at once, with the
    /// browser's words, when the server closes the circuit's connection while it starts.
    /// </summary>
    public static async Task WaitForCircuitAsync(this IPage page)
    {
        var closed = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        void Watch(object? sender, IConsoleMessage message)
        {
            if (message.Type == "error" && message.Text.Contains("Connection disconnected with error", StringComparison.Ordinal)) closed.TrySetResult(message.Text);
        }
        page.Console += Watch;
        try
        {
            var live = page.WaitForFunctionAsync("() => window.__eeCircuitLive === true", null, new PageWaitForFunctionOptions { Timeout = 20_000 });
            if (await Task.WhenAny(live, closed.Task) == closed.Task)
            {
                throw new InvalidOperationException($"The server closed the Blazor circuit while it started ({page.Url}): {await closed.Task}");
            }
            await live;
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(
                "The Blazor circuit did not become interactive within 20 s (the layout's first interactive render calls " +
                "eventExplorer.timeZone; if it no longer does, update Interactivity.InitScript).", e);
        }
        finally
        {
            page.Console -= Watch;
        }
    }

    /// <summary>Loads a URL of the app as a user pasting it would, then waits for the circuit.</summary>
    public static async Task<IResponse?> OpenAsync(this IPage page, string url)
    {
        var response = await page.GotoAsync(url);
        await page.WaitForCircuitAsync();
        return response;
    }

    /// <summary>Reloads the page (F5) and waits for the new circuit.</summary>
    public static async Task ReloadAndWaitAsync(this IPage page)
    {
        await page.ReloadAsync();
        await page.WaitForCircuitAsync();
    }
}
