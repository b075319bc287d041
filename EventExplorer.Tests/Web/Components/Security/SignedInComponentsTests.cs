using System.Security.Claims;
using Bunit;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Data.Writes;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Components.Layout;
using EventExplorer.Web.Components.Pages.Append;
using EventExplorer.Web.Components.Pages.Audit;
using EventExplorer.Web.Components.Shared;
using EventExplorer.Web.Components.Shared.Json;
using EventExplorer.Web.Model.Loading;
using EventExplorer.Web.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventExplorer.Tests.Web.Components.Security;

/// <summary>What the header, the message bar, the append page and the audit page show for each role.</summary>
public sealed class SignedInComponentsTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>, IDisposable
{
    private const string AccessDenied = "Access to DynamoDB at AWS DynamoDB (eu-west-1) was denied: User: arn:aws:sts::123456789012:assumed-role/SupportRead/alice is not authorized to perform: dynamodb:Query";

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "ee-audit-page-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Header_ShowsWhoIsSignedInWithTheirRoleAndSignOut_AndTheAuditLogOnlyForAuthors()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var viewerCtx = new BunitContext();
        viewerCtx.AddExplorer(bed, role: WriterRole.Viewer);
        var viewer = viewerCtx.Render<UserMenu>();
        Assert.Equal("Victor Viewer", viewer.Find(".user-name").TextContent);
        Assert.Equal("Viewer", viewer.Find(".user-role").TextContent.Trim());
        Assert.Equal("/signout", viewer.Find("form.sign-out").GetAttribute("action"));
        Assert.Equal("post", viewer.Find("form.sign-out").GetAttribute("method"));
        Assert.DoesNotContain("Audit log", viewer.Markup, StringComparison.Ordinal);

        await using var authorCtx = new BunitContext();
        authorCtx.AddExplorer(bed, role: WriterRole.Author);
        var author = authorCtx.Render<UserMenu>();
        Assert.Equal("Author", author.Find(".user-role").TextContent.Trim());
        Assert.Equal("/audit", author.FindAll("a").Single(a => a.TextContent.Contains("Audit log")).GetAttribute("href"));
    }

    [Fact]
    public async Task Header_WithoutSignIn_SaysSo_AndWarnsWhenAnyoneMayUseTheApp()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed, claims: new Claim(ExplorerRoles.SignInOffClaimType, "anyone"));

        var menu = ctx.Render<UserMenu>();

        Assert.Contains("NO SIGN-IN · OPEN TO ANYONE", menu.Find(".sign-in-off").TextContent, StringComparison.Ordinal);
        Assert.Empty(menu.FindAll("form.sign-out"));
    }

    [Theory]
    [InlineData(WriterRole.Viewer, false)]
    [InlineData(WriterRole.Author, true)]
    public async Task MessageBar_ShowsAwsAccountIdsAndArnsOnlyToAuthors(WriterRole role, bool seesAll)
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed, role: role);

        var bar = ctx.Render<MessageBar>(p => p.Add(m => m.Error, LoadError.From(new StoreAccessDeniedException("AWS DynamoDB (eu-west-1)", "x"))
            with { Message = AccessDenied }));

        var text = bar.Find(".message-text").TextContent;
        Assert.Equal(seesAll, text.Contains("123456789012", StringComparison.Ordinal));
        Assert.Equal(seesAll, text.Contains("arn:aws:sts", StringComparison.Ordinal));
        Assert.Contains("is not authorized to perform: dynamodb:Query", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AppendPage_ForAViewer_SaysAppendingNeedsTheAuthorRole_AndKeepsTheButtonDisabled()
    {
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.AddExplorer(bed, role: WriterRole.Viewer);
        ctx.Popovers();
        ctx.Dialogs();
        var page = ctx.RenderPage<Append>("/append?aggregate=order-1&version=0");
        page.WaitForState(() => page.FindComponents<JsonEditor>().Count == 1);
        var editor = page.FindComponent<JsonEditor>();
        await editor.InvokeAsync(() => editor.Instance.OnTextInputAsync("""[{"type":"Shipped"}]"""));

        page.WaitForAssertion(() => Assert.Contains("You are signed in as a Viewer: appending needs the Author role.", page.Find("#append-viewer").TextContent, StringComparison.Ordinal));
        Assert.True(page.Find(".append-actions button[type=submit]").HasAttribute("disabled"));
    }

    [Fact]
    public async Task LoadError_ForARefusedWrite_IsCalledNotAllowed()
    {
        var error = LoadError.From(new WriteForbiddenException("appending a commit", new WriterIdentity { Subject = "s", Name = "Victor", Role = WriterRole.Viewer }));

        Assert.Equal((LoadErrorKind.Forbidden, "Not allowed"), (error.Kind, error.Title));
        Assert.Equal("Not allowed: appending a commit needs the Author role, and Victor (Viewer) does not have it. Nothing was written.", error.Message);
        Assert.Equal("Not recorded, not sent", LoadError.From(new AuditUnavailableException("appending a commit", "disk full")).Title);
    }

    [Fact]
    public async Task AuditPage_ListsTheNewestRecordsFirst_AsText()
    {
        var audit = new AuditLog(Path.Combine(_folder, "audit.jsonl"), NullLogger.Instance);
        for (var n = 1; n <= 3; n++)
        {
            await audit.WriteAsync(new AuditRecord
            {
                Time = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000 + n),
                Attempt = $"attempt{n}",
                Operation = AuditOperation.Append,
                Outcome = n == 3 ? AuditOutcome.Refused : AuditOutcome.Attempted,
                Subject = "sub-" + n,
                Name = n == 3 ? "<b>Mallory</b>" : "Alice",
                Role = "Author",
                Endpoint = "http://127.0.0.1:8000",
                Table = "commits",
                AggregateId = $"order-{n}",
                Version = n,
            }, CancellationToken.None);
        }
        await using var bed = await StoreBed.CreateAsync(dynalite);
        await using var ctx = new BunitContext();
        ctx.Services.AddSingleton(audit);
        ctx.AddExplorer(bed);

        var page = ctx.RenderPage<Audit>("/audit?last=2");

        page.WaitForAssertion(() => Assert.Equal(2, page.FindAll("tr.audit-row").Count));
        var rows = page.FindAll("tr.audit-row");
        Assert.Equal("refused", rows[0].GetAttribute("data-outcome"));
        Assert.Contains("order-3", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("order-2", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Equal("<b>Mallory</b>", rows[0].QuerySelector(".audit-name")!.TextContent);
        Assert.Empty(rows[0].QuerySelectorAll("b"));
        Assert.Contains("Show more", page.Markup, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        if (Directory.Exists(_folder)) Directory.Delete(_folder, recursive: true);
    }
}
