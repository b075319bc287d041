namespace EventExplorer.Web.Model.Loading;

/// <summary>
/// What a page read while it was prerendered, handed to its interactive copy through persisted
/// component state, so that the circuit shows the same data without reading DynamoDB again.
/// It names the URL it belongs to: a different URL (the user moved on) reads afresh.
/// </summary>
public sealed record Prerendered<T>(string Url, T? Data, LoadError? Error);
