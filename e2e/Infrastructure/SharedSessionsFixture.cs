using EventExplorer.Testing;

namespace EventExplorer.E2E.Infrastructure;

/// <summary>
/// Two instances of the app with sign-in, sharing one real redis-server (Debian's, on a free loopback
/// port) for their sessions and data-protection keys, as the README's "Several instances" section
/// configures them. The second instance starts on demand and can be restarted.
/// </summary>
public sealed class SharedSessionsFixture : SignInFixture
{
    public RedisServer Redis { get; private set; } = null!;

    protected override async Task<IReadOnlyDictionary<string, string>> SharedStateSettingsAsync()
    {
        Redis = await RedisServer.StartAsync();
        return new Dictionary<string, string> { ["EventExplorer__Redis__ConnectionString"] = Redis.ConnectionString };
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Redis is not null) await Redis.DisposeAsync();
    }
}
