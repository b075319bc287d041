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
/// circuit that is running, or of the HTTP request when there is no circuit. When neither is known
/// the writer is unknown, and the write is refused.
/// </summary>
internal sealed class CircuitWriterContext(CircuitServicesAccessor circuits, IHttpContextAccessor http) : IWriterContext
{
    public async Task<WriterIdentity> GetCurrentWriterAsync(CancellationToken cancellationToken)
    {
        if (circuits.Services?.GetService<AuthenticationStateProvider>() is { } provider)
        {
            var state = await provider.GetAuthenticationStateAsync();
            return ExplorerRoles.WriterOf(state.User);
        }
        return http.HttpContext is { } context ? ExplorerRoles.WriterOf(context.User) : WriterIdentity.Unknown;
    }
}
