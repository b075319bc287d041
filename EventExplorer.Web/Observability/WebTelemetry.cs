using System.Diagnostics.Metrics;
using EventExplorer.Web.Hosting;

namespace EventExplorer.Web.Observability;

/// <summary>The web app's own metrics: connected circuits and what the per-user limits refused.</summary>
public sealed class WebTelemetry : IDisposable
{
    public const string Name = "EventExplorer.Web";

    private readonly Meter _meter = new(Name);

    public WebTelemetry(CircuitQuota circuits, ScanQuota scans)
    {
        _meter.CreateObservableGauge("eventexplorer.circuits.connected", () => circuits.Quota.Total, unit: "{circuit}",
            description: "Blazor circuits connected now (open tabs), over all users.");
        _meter.CreateObservableGauge("eventexplorer.scans.running", () => scans.Quota.Total, unit: "{scan}",
            description: "Full-table scans running now, over all users.");
        CircuitsRefused = _meter.CreateCounter<long>("eventexplorer.circuits.refused", unit: "{circuit}",
            description: "Circuits refused because their user had as many connected as allowed.");
        ScansRefused = _meter.CreateCounter<long>("eventexplorer.scans.refused", unit: "{scan}",
            description: "Scans refused because their user ran as many as allowed.");
    }

    public Counter<long> CircuitsRefused { get; }

    public Counter<long> ScansRefused { get; }

    public void Dispose() => _meter.Dispose();
}
