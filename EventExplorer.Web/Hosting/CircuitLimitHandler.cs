using EventExplorer.Web.Observability;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace EventExplorer.Web.Hosting;

/// <summary>A user already has as many connected tabs as allowed; this circuit is refused.</summary>
public sealed class CircuitLimitReachedException(string user, int limit)
    : Exception($"{user} already has {limit} connected EventExplorer tabs; a further circuit was refused.");

/// <summary>
/// One per circuit. Counts the circuit against its user while it is connected (a closed tab stops
/// counting when its connection drops, not minutes later when Blazor discards the circuit), refuses
/// a new one beyond <see cref="LimitSettings.CircuitsPerUser"/>, and runs the circuit's work as its
/// user (<see cref="CurrentUserKey"/>), so that per-user limits apply inside circuits too.
/// </summary>
public sealed class CircuitLimitHandler(CircuitQuota quota, IHttpContextAccessor accessor, WebTelemetry telemetry, ILogger<CircuitLimitHandler> logger) : CircuitHandler
{
    private string _user = "unknown";
    private bool _counted;

    public override Task OnCircuitOpenedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        // The hub connection's request: its user and address are the circuit's for its whole life.
        if (accessor.HttpContext is { } http) _user = UserKeys.Of(http.User, http.Connection.RemoteIpAddress);
        if (!quota.Quota.TryTake(_user))
        {
            telemetry.CircuitsRefused.Add(1);
            logger.LogWarning("Refused a circuit for {User}: {Limit} connected circuits is the limit per user.", _user, quota.Quota.PerUser);
            throw new CircuitLimitReachedException(_user, quota.Quota.PerUser);
        }
        _counted = true;
        return Task.CompletedTask;
    }

    public override Task OnConnectionUpAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        // A reconnect of a circuit that was already admitted: counted again, never refused.
        if (!_counted)
        {
            quota.Quota.Take(_user);
            _counted = true;
        }
        return Task.CompletedTask;
    }

    public override Task OnConnectionDownAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Release();
        return Task.CompletedTask;
    }

    public override Task OnCircuitClosedAsync(Circuit circuit, CancellationToken cancellationToken)
    {
        Release();
        return Task.CompletedTask;
    }

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        context => CurrentUserKey.RunAsAsync(_user, () => next(context));

    private void Release()
    {
        if (!_counted) return;
        _counted = false;
        quota.Quota.Release(_user);
    }
}
