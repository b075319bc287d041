using System.Text;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;

namespace EventExplorer.E2E.Infrastructure;

/// <summary>axe-core (Deque.AxeCore.Playwright) over the page as it is shown now.</summary>
public static class Accessibility
{
    /// <summary>The impacts that fail a journey; "minor" and "moderate" findings are reported by axe but do not.</summary>
    private static readonly HashSet<string> Failing = new(StringComparer.OrdinalIgnoreCase) { "serious", "critical" };

    /// <summary>
    /// Runs axe on the whole document and returns one readable line per serious or critical
    /// violation: rule id, impact, the selectors of every element it found, and the rule's help.
    /// </summary>
    public static async Task<IReadOnlyList<string>> SeriousViolationsAsync(this IPage page, string what)
    {
        var result = await page.RunAxe(new AxeRunOptions
        {
            // WCAG 2.x A and AA plus axe's best practices: what a screen-reader or keyboard user meets.
            RunOnly = new RunOnlyOptions { Type = "tag", Values = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
        });
        var found = new List<string>();
        foreach (var violation in result.Violations.Where(v => v.Impact is not null && Failing.Contains(v.Impact)))
        {
            var text = new StringBuilder();
            text.Append(what).Append(": ").Append(violation.Id).Append(" (").Append(violation.Impact).Append(") ")
                .Append(violation.Help).Append(" <").Append(violation.HelpUrl).Append('>');
            foreach (var node in violation.Nodes)
            {
                text.Append("\n    at ").Append(node.Target);
                // What axe found wrong with this element (any: none of these passed; all/none: these failed).
                foreach (var check in (node.Any ?? []).Concat(node.All ?? []).Concat(node.None ?? []))
                {
                    text.Append("\n       - ").Append(check.Message);
                }
            }
            found.Add(text.ToString());
        }
        return found;
    }
}
