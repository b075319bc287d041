using System.Text.RegularExpressions;
using EventExplorer.Testing;
using EventExplorer.Web.Model.Search;

namespace EventExplorer.Tests.Repository;

/// <summary>The links the README documents use the parameter names the app reads: one name for each thing.</summary>
public sealed partial class ReadmeLinkTests
{
    private static readonly string[] SearchParameters =
    [
        SearchState.QueryName, SearchState.AggregateName, SearchState.FromName, SearchState.ToName, SearchState.SinceName,
        SearchState.UntilName, SearchState.TypeName, SearchState.PrefixName, SearchState.CaseName, SearchState.AfterName, SearchState.CursorName,
    ];

    // What EventExplorer.Web.Export.ExportParameters.Parse reads.
    private static readonly string[] ExportParameters = ["aggregate", "from", "to", "since", "until", "type", "prefix", "q", "case", "format", "after", "cursor"];

    [Theory]
    [InlineData("/search?")]
    [InlineData("/export?")]
    public void EveryDocumentedLink_UsesOnlyParametersTheAppReads(string page)
    {
        var known = page == "/search?" ? SearchParameters : ExportParameters;
        var links = DocumentedLinks(page);

        Assert.NotEmpty(links);
        foreach (var link in links)
        {
            foreach (Match parameter in ParameterName().Matches(link))
            {
                Assert.True(known.Contains(parameter.Groups[1].Value, StringComparer.Ordinal), $"The README documents {parameter.Groups[1].Value}= in {link}; the app reads {string.Join(", ", known)}.");
            }
            foreach (Match choice in CaseValue().Matches(link))
            {
                Assert.Equal("ignore", choice.Groups[1].Value);
            }
        }
    }

    private static List<string> DocumentedLinks(string page)
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root(), "README.md"));
        return CodeSpan().Matches(readme).Select(m => m.Groups[1].Value).Where(code => code.Contains(page, StringComparison.Ordinal)).ToList();
    }

    [GeneratedRegex("`([^`\n]+)`")]
    private static partial Regex CodeSpan();

    [GeneratedRegex("([A-Za-z]+)=")]
    private static partial Regex ParameterName();

    [GeneratedRegex(@"\bcase=([A-Za-z0-9]+)")]
    private static partial Regex CaseValue();
}
