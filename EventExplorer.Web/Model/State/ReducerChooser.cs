using EventExplorer.Data;
using EventExplorer.Data.Model;
using EventExplorer.Data.Reducers;
using EventExplorer.Data.State;

namespace EventExplorer.Web.Model.State;

/// <summary>
/// Which reducer a fold uses: the one a link names ("generic" or a configured one), else the catalog's
/// choice for the aggregate; or one an Author typed into the page. The role is checked here, on the
/// server, whatever the page showed: a Viewer's script is refused before it is even parsed.
/// </summary>
public sealed class ReducerChooser(ReducerCatalog reducers, IEventStoreReader reader, IWriterContext? writers)
{
    /// <summary>The name a typed reducer goes by in messages ("Reducer "typed" failed at v7 …").</summary>
    public const string TypedName = "typed";

    /// <summary>The longest script accepted (a reducer is a page of code, not a data file).</summary>
    public const int MaxScriptLength = 64 * 1024;

    /// <summary>The names a user may choose from: "generic" and the configured reducers.</summary>
    public IReadOnlyList<string> Names => [GenericReducer.DefaultName, .. reducers.Reducers.Select(r => r.Name)];

    /// <summary>What is wrong with a reducer named in a link; null when it exists or none is named.</summary>
    public string? NameProblem(string? name) =>
        name is not null && reducers.Find(name) is null ? $"There is no reducer named \"{name}\". Configured: {string.Join(", ", Names)}." : null;

    /// <summary>The named reducer, else the catalog's for the aggregate; the first commit's event type is read only when some reducer asks for it.</summary>
    public async Task<Reducer> ChooseAsync(string aggregateId, string? name, CancellationToken cancellationToken) =>
        name is not null && reducers.Find(name) is { } named ? named : await reducers.ForAggregateAsync(reader, aggregateId, cancellationToken);

    /// <summary>
    /// A reducer typed into the page, loaded in the same sandbox and with the same limits as configured ones,
    /// for an Author only. Returns the reducer, or why it cannot be used (not an Author, too long, not valid).
    /// </summary>
    public async Task<(JavaScriptReducer? Reducer, string? Problem)> TypedAsync(string? script, CancellationToken cancellationToken)
    {
        var writer = writers is null ? WriterIdentity.Unknown : await writers.GetCurrentWriterAsync(cancellationToken);
        if (!writer.IsAuthor)
        {
            return (null, $"Not allowed: running a reducer typed into the page needs the Author role, and {writer.Describe()} does not have it. Use a configured reducer.");
        }
        if (string.IsNullOrWhiteSpace(script)) return (null, "Type a reducer first: options({ ... }) is optional, when({ ... }) is needed.");
        if (script.Length > MaxScriptLength) return (null, $"The reducer is {script.Length:N0} characters long; at most {MaxScriptLength:N0} are accepted.");
        try
        {
            return (JavaScriptReducer.Load(TypedName, script, ReducerLimits.Default), null);
        }
        catch (ReducerLoadException e)
        {
            return (null, e.Message);
        }
    }

    /// <summary>True when the user running the page may (still) use a typed reducer.</summary>
    public async Task<bool> MayTypeAsync(CancellationToken cancellationToken) =>
        writers is not null && (await writers.GetCurrentWriterAsync(cancellationToken)).IsAuthor;
}
