using System.Security.Claims;
using EventExplorer.Data;
using EventExplorer.Data.Model;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace EventExplorer.Web.Security;

/// <summary>
/// The circuit whose inbound activity (an event handler, a JS call, a navigation) is running on
/// this async flow. Pages resolve their view-models in scopes of their own (OwningComponentBase),
/// whose AuthenticationStateProvider knows nobody; the circuit's own services know the user.
/// </summary>
public sealed class CircuitServicesAccessor
{
    private static readonly AsyncLocal<IServiceProvider?> Current = new();

    public IServiceProvider? Services
    {
        get => Current.Value;
        set => Current.Value = value;
    }
}

/// <summary>Marks every inbound activity of a circuit with the circuit's services.</summary>
internal sealed class CircuitServicesHandler(IServiceProvider services, CircuitServicesAccessor accessor) : CircuitHandler
{
    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            accessor.Services = services;
            await next(context);
        };
}

/// <summary>
/// Who is writing, for the data service's own role check and audit: the signed-in user of the
/// circuit that is running, or of the HTTP request when there is no circuit. Their session is checked
/// at the write itself (an open tab checks it only every half minute): signed out meanwhile, in another
/// tab or on another instance, the writer is who they were but with no role, so the write is refused
/// and audited under their subject. When nobody is known the writer is unknown, and the write is refused.
/// </summary>
internal sealed class CircuitWriterContext(CircuitServicesAccessor circuits, IHttpContextAccessor http, SessionTicketStore? sessions = null) : IWriterContext
{
    public async Task<WriterIdentity> GetCurrentWriterAsync(CancellationToken cancellationToken)
    {
        if (circuits.Services?.GetService<AuthenticationStateProvider>() is { } provider)
        {
            var state = await provider.GetAuthenticationStateAsync();
            if (state.User.Identity?.IsAuthenticated == true) return await CheckedAsync(state.User, cancellationToken);
            return provider is SessionStateProvider { EndedSession: { } ended } ? ended : WriterIdentity.Unknown;
        }
        return http.HttpContext is { } context ? await CheckedAsync(context.User, cancellationToken) : WriterIdentity.Unknown;
    }

    private async Task<WriterIdentity> CheckedAsync(ClaimsPrincipal user, CancellationToken cancellationToken)
    {
        if (sessions is not null && ExplorerRoles.SignInOff(user) is null && user.Identity?.IsAuthenticated == true
            && !await sessions.IsActiveAsync(user, cancellationToken))
        {
            return ExplorerRoles.SignedOutWriterOf(user);
        }
        return ExplorerRoles.WriterOf(user);
    }
}
