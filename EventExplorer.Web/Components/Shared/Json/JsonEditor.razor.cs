using System.Text.Json;
using EventExplorer.Data.DynamoDb;
using EventExplorer.Web.Hosting;
using EventExplorer.Web.Model;
using EventExplorer.Web.Model.Json;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace EventExplorer.Web.Components.Shared.Json;

public sealed partial class JsonEditor : IAsyncDisposable
{
    private ElementReference _textarea;
    private IJSObjectReference? _module;
    private DotNetObjectReference<JsonEditor>? _self;
    private string _text = "";
    private string _rendered = "";
    private bool _pushToBrowser;
    private JsonCheck _check = JsonText.Check("");
    private bool _checkedOnce;

    [Inject] public required IJSRuntime Js { get; init; }

    [Parameter] public string? Value { get; set; }
    [Parameter] public EventCallback<string> ValueChanged { get; set; }

    [Parameter] public string Id { get; set; } = "json-editor";
    [Parameter] public string Label { get; set; } = "JSON";
    [Parameter] public string? Placeholder { get; set; }
    [Parameter] public int Rows { get; set; } = 16;
    [Parameter] public bool Disabled { get; set; }

    /// <summary>An extra check on the parsed value (e.g. "must be an array"); returns an error or null.</summary>
    [Parameter] public Func<JsonElement, string?>? Rule { get; set; }

    /// <summary>What the status line says when the text passes.</summary>
    [Parameter] public string ValidText { get; set; } = "Valid JSON.";

    /// <summary>The size limit shown beside the byte counter: DynamoDB's item limit by default.</summary>
    [Parameter] public int MaxBytes { get; set; } = ItemSize.MaxBytes;

    /// <summary>Pause after the last keystroke before the text is checked.</summary>
    [Parameter] public int DebounceMilliseconds { get; set; } = 300;

    /// <summary>The current check, after every change.</summary>
    [Parameter] public EventCallback<JsonCheck> Checked { get; set; }

    protected override void OnParametersSet()
    {
        var value = Value ?? "";
        if (!_checkedOnce || !string.Equals(value, _text, StringComparison.Ordinal))
        {
            // The parent changed the text (first render, a reset, "use template"): show it.
            _checkedOnce = true;
            _text = value;
            _rendered = value;
            _pushToBrowser = true;
            _check = JsonText.Check(_text, Rule);
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            _module = await Js.InvokeAsync<IJSObjectReference?>("import", "./Components/Shared/Json/JsonEditor.razor.js");
            if (_module is null) return;
            _self = DotNetObjectReference.Create(this);
            await _module.InvokeVoidAsync("attach", _textarea, _self, DebounceMilliseconds, MaxSendBytes, _text);
            _pushToBrowser = false;
        }
        else if (_pushToBrowser && _module is not null)
        {
            _pushToBrowser = false;
            await _module.InvokeVoidAsync("setValue", _textarea, _text);
        }
    }

    // Measured by the browser as the text crosses the circuit (escaped), under the hub's limit.
    private const int MaxSendBytes = CircuitLimits.MaxEditorPayloadBytes;

    /// <summary>Called by the browser once typing pauses (or the textarea loses focus).</summary>
    [JSInvokable]
    public async Task OnTextInputAsync(string text)
    {
        if (string.Equals(text, _text, StringComparison.Ordinal) && !_check.NotSent) return;
        _text = text;
        _check = JsonText.Check(_text, Rule);
        await ValueChanged.InvokeAsync(_text);
        await Checked.InvokeAsync(_check);
        StateHasChanged();
    }

    /// <summary>Called by the browser instead of sending a text too large to cross the circuit safely.</summary>
    [JSInvokable]
    public async Task OnTextTooLargeAsync(int byteCount)
    {
        // The server keeps the last text it received; the check says why it is out of date, so a
        // form that submits only on a valid check cannot submit the stale text.
        _check = new JsonCheck { ByteCount = byteCount, IsJson = false, NotSent = true, Error = TooLarge(byteCount) };
        await Checked.InvokeAsync(_check);
        StateHasChanged();
    }

    private string TooLarge(int byteCount) =>
        $"The text takes {Formats.Bytes(byteCount)} to send (quotes, backslashes and line breaks count twice), more than the {Formats.Bytes(MaxSendBytes)} " +
        $"this page sends, so it was not sent to the server. A commit holds at most {Formats.Bytes(MaxBytes)} as stored: shorten it or remove indentation.";

    private async Task PrettyPrintAsync()
    {
        if (JsonText.TryPretty(_text) is not { } pretty) return;
        _text = pretty;
        _rendered = pretty;
        _pushToBrowser = true;
        _check = JsonText.Check(_text, Rule);
        await ValueChanged.InvokeAsync(_text);
        await Checked.InvokeAsync(_check);
    }

    private async Task GoToErrorAsync()
    {
        if (_module is null || _check.Line is not { } line) return;
        await _module.InvokeVoidAsync("selectAt", _textarea, OffsetOf(_text, line, _check.Column ?? 1));
    }

    private static int OffsetOf(string text, int line, int column)
    {
        var offset = 0;
        for (var i = 1; i < line; i++)
        {
            var next = text.IndexOf('\n', offset);
            if (next < 0) break;
            offset = next + 1;
        }
        return Math.Min(text.Length, offset + column - 1);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_module is not null)
            {
                await _module.InvokeVoidAsync("detach", _textarea);
                await _module.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
            // The circuit is gone; the browser dropped its side already.
        }
        _self?.Dispose();
    }
}
