using System.Runtime.CompilerServices;
using Bunit;

namespace EventExplorer.Tests.Infrastructure;

/// <summary>
/// How long a render test waits for a condition before it fails. Pages read the real store on dynalite, and
/// on a busy machine that can take seconds; a wait ends as soon as its condition holds, so a long limit only
/// costs time when a test is failing anyway.
/// </summary>
internal static class WaitLimits
{
    [ModuleInitializer]
    internal static void Set() => BunitContext.DefaultWaitTimeout = TimeSpan.FromSeconds(30);
}
