namespace EventExplorer.Tests.Infrastructure;

/// <summary>A clock that says what the test sets, so stored timestamps can be asserted exactly.</summary>
public sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = now;

    public override DateTimeOffset GetUtcNow() => Now;
}
