using EventExplorer.Data.Configuration;
using EventExplorer.Web.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EventExplorer.Tests.Web.Observability;

/// <summary>The console is the process's own: tests that read it run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleOutputCollection
{
    public const string Name = "Console output";
}

/// <summary>
/// Ids come from users and from the database. Written to a terminal as they are, an ANSI escape in one
/// recolours or clears the operator's screen, and a line break forges a log line of its own: the
/// console log escapes them, in messages and in exception texts alike.
/// </summary>
[Collection(ConsoleOutputCollection.Name)]
public sealed class ConsoleLogTests
{
    private const string HostileId = "order-1\u001b[2J\u001b[31mred\u001b[0m\r\nwarn: EventExplorer.Audit[0]\n      forged\u0007\u009b31m\u202eeulav";

    private static async Task<string> ConsoleOutputOfAsync(Action<ILogger> log)
    {
        var original = Console.Out;
        var captured = new StringWriter();
        Console.SetOut(TextWriter.Synchronized(captured));
        try
        {
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
            builder.WebHost.UseTestServer();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["EventExplorer:ServiceUrl"] = "http://127.0.0.1:9",
                // The formatter's own colours are escapes too; without them every escape in the output came from a value.
                ["Logging:Console:FormatterOptions:ColorBehavior"] = "Disabled",
            });
            builder.Services.AddEventExplorerData(builder.Configuration, isDevelopment: false);
            builder.AddEventExplorerHosting();
            await using (var app = builder.Build())
            {
                log(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("EventExplorer.Tests"));
            }
            // Disposing the app disposed the console logger, which first wrote out what it had queued.
        }
        finally
        {
            Console.SetOut(original);
        }
        return captured.ToString();
    }

    [Fact]
    public async Task AnIdInAMessage_IsEscaped_AndCannotStartALineOfItsOwn()
    {
        var output = await ConsoleOutputOfAsync(logger => logger.LogWarning("Refused appending version {Version} of {AggregateId}", 3, HostileId));

        Assert.Contains("Refused appending version 3 of order-1", output);
        Assert.Contains(@"order-1\u001B[2J\u001B[31mred\u001B[0m\r\nwarn: EventExplorer.Audit[0]\n      forged\u0007\u009B31m\u202Eeulav", output);
        Assert.DoesNotContain(output, c => c is '\u001b' or '\u0007' or '\u009b' or '\u202e');
        Assert.DoesNotContain("\nwarn: EventExplorer.Audit", output);
        Assert.DoesNotContain("\n      forged", output);
    }

    [Fact]
    public async Task AnIdInAnExceptionMessage_IsEscaped_AndTheStackTraceKeepsItsLines()
    {
        static void Fail() => throw new InvalidOperationException($"No aggregate '{HostileId}'.");
        var output = await ConsoleOutputOfAsync(logger =>
        {
            try
            {
                Fail();
            }
            catch (InvalidOperationException e)
            {
                logger.LogError(e, "Reading failed.");
            }
        });

        Assert.Contains(@"System.InvalidOperationException: No aggregate 'order-1\u001B[2J", output);
        Assert.DoesNotContain(output, c => c is '\u001b' or '\u0007' or '\u009b' or '\u202e');
        Assert.DoesNotContain("\nwarn: EventExplorer.Audit", output);
        Assert.Matches(@"\n +at EventExplorer\.Tests\.", output);
    }
}
