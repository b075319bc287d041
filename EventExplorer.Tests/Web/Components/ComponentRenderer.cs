using AngleSharp.Html.Dom;
using AngleSharp.Html.Parser;
using EventExplorer.Data;
using EventExplorer.Tests.Fakes;
using EventExplorer.Web;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.JSInterop;

namespace EventExplorer.Tests.Web.Components;

/// <summary>
/// Renders a component to HTML with the framework's <see cref="HtmlRenderer"/> (no bUnit here) over
/// the in-memory fakes, and parses the result with AngleSharp. The render waits for the component's
/// async work (OnInitializedAsync / OnParametersSetAsync) to finish, as a prerender would.
/// Interaction (clicks, timers) is covered by the browser suite and by the view-model tests.
/// </summary>
public sealed class ComponentRenderer : IAsyncDisposable
{
    private ServiceProvider? _provider;

    public ComponentRenderer(FakeEventStore? events = null, FakeSnapshotStore? snapshots = null)
    {
        Events = events ?? new FakeEventStore();
        Snapshots = snapshots ?? new FakeSnapshotStore();
        Services.AddSingleton<ILoggerFactory>(NullLoggerFactory.Instance);
        Services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
        Services.AddSingleton<IEventStoreReader>(Events);
        Services.AddSingleton<IEventStoreWriter>(Events);
        Services.AddSingleton<ISnapshotStore>(Snapshots);
        Services.AddSingleton(Navigation);
        Services.AddSingleton<NavigationManager>(Navigation);
        Services.AddSingleton<IJSRuntime>(Js);
        Services.AddSingleton<IErrorBoundaryLogger>(ErrorLog);
        Services.AddSupplyValueFromQueryProvider();
        Services.AddEventExplorerComponentServices();
    }

    public FakeEventStore Events { get; }
    public FakeSnapshotStore Snapshots { get; }
    public TestNavigationManager Navigation { get; } = new();
    public RecordingJsRuntime Js { get; } = new();
    public RecordingErrorBoundaryLogger ErrorLog { get; } = new();

    /// <summary>Add or replace registrations before the first render.</summary>
    public ServiceCollection Services { get; } = new();

    /// <summary>Renders <typeparamref name="TComponent"/> at <paramref name="url"/> (which feeds [SupplyParameterFromQuery]).</summary>
    public async Task<IHtmlDocument> RenderAsync<TComponent>(string url = "/", IDictionary<string, object?>? parameters = null)
        where TComponent : IComponent
    {
        Navigation.Reset(url);
        _provider ??= Services.BuildServiceProvider();
        await using var renderer = new HtmlRenderer(_provider, _provider.GetRequiredService<ILoggerFactory>());
        var html = await renderer.Dispatcher.InvokeAsync(async () =>
        {
            var view = parameters is null ? ParameterView.Empty : ParameterView.FromDictionary(parameters);
            var output = await renderer.RenderComponentAsync<TComponent>(view);
            await output.QuiescenceTask;
            return output.ToHtmlString();
        });
        return new HtmlParser().ParseDocument("<!DOCTYPE html><html><body>" + html + "</body></html>");
    }

    public async ValueTask DisposeAsync()
    {
        if (_provider is not null) await _provider.DisposeAsync();
    }
}

/// <summary>A NavigationManager for rendering outside a circuit; records where components navigate.</summary>
public sealed class TestNavigationManager : NavigationManager
{
    public List<string> NavigatedTo { get; } = [];

    public TestNavigationManager() => Initialize("http://localhost/", "http://localhost/");

    public void Reset(string url) => Uri = ToAbsoluteUri(url).ToString();

    protected override void NavigateToCore(string uri, NavigationOptions options)
    {
        NavigatedTo.Add(uri);
        Uri = ToAbsoluteUri(uri).ToString();
    }
}

/// <summary>Answers every JS call with default(T) and records the identifiers called.</summary>
public sealed class RecordingJsRuntime : IJSRuntime
{
    public List<string> Calls { get; } = [];

    public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args)
    {
        Calls.Add(identifier);
        return ValueTask.FromResult(default(TValue)!);
    }

    public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) =>
        InvokeAsync<TValue>(identifier, args);
}

/// <summary>Records what an ErrorBoundary caught (the server registers its own logger).</summary>
public sealed class RecordingErrorBoundaryLogger : IErrorBoundaryLogger
{
    public List<Exception> Errors { get; } = [];

    public ValueTask LogErrorAsync(Exception exception)
    {
        Errors.Add(exception);
        return ValueTask.CompletedTask;
    }
}
