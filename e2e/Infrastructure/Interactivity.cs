using Microsoft.Playwright;

namespace EventExplorer.E2E.Infrastructure;

/// <summary>
/// Knowing when the Blazor circuit is live. Pages render only over the circuit (prerendering is off),
/// but the shell and a page's first markup can be visible a moment before its handlers are wired, and
/// a click in that window is lost. The layout's first
/// interactive render asks the browser for its theme and time zone (eventExplorer.theme.get,
/// eventExplorer.timeZone in app.js); that call can only come over a live circuit, after the first
/// render batch has been applied. The init script marks the document when it happens.
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
              if (v && typeof v === 'object') {
                if (typeof v.timeZone === 'function') v.timeZone = mark(v.timeZone);
                if (v.theme && typeof v.theme.get === 'function') v.theme.get = mark(v.theme.get);
              }
              value = v;
            },
          });
        })();
        """;

    /// <summary>Waits until the circuit has rendered this document interactively.</summary>
    public static async Task WaitForCircuitAsync(this IPage page)
    {
        try
        {
            await page.WaitForFunctionAsync("() => window.__eeCircuitLive === true", null, new PageWaitForFunctionOptions { Timeout = 20_000 });
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException(
                "The Blazor circuit did not become interactive within 20 s (the layout's first render calls eventExplorer.theme.get " +
                "and eventExplorer.timeZone; if it no longer does, update Interactivity.InitScript).", e);
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
