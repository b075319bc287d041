using Microsoft.Extensions.Logging;

namespace EventExplorer.Data.Reducers;

/// <summary>A reducer file that could not be loaded, and why.</summary>
public sealed record ReducerFileProblem(string File, string Message);

/// <summary>
/// The configured JavaScript reducers: one <c>.js</c> file each in a folder
/// (<c>EventExplorer:Projections:Folder</c>), loaded at start and again whenever a file there changes.
/// A file that cannot be loaded is listed in <see cref="Problems"/> and the others still work. The
/// generic reducer is always there, and is used where no configured reducer applies.
/// </summary>
public sealed class ReducerCatalog : IDisposable
{
    private readonly string? _folder;
    private readonly ReducerLimits _limits;
    private readonly ILogger<ReducerCatalog> _logger;
    private readonly FileSystemWatcher? _watcher;
    private readonly Lock _reloading = new();
    private Loaded _loaded = new([], []);

    public ReducerCatalog(string? folder, ILogger<ReducerCatalog> logger, ReducerLimits? limits = null)
    {
        _folder = string.IsNullOrWhiteSpace(folder) ? null : Path.GetFullPath(folder);
        _limits = limits ?? ReducerLimits.Default;
        _logger = logger;
        Reload();
        if (_folder is not null && Directory.Exists(_folder))
        {
            _watcher = new FileSystemWatcher(_folder, "*.js") { NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size };
            _watcher.Changed += (_, _) => Reload();
            _watcher.Created += (_, _) => Reload();
            _watcher.Deleted += (_, _) => Reload();
            _watcher.Renamed += (_, _) => Reload();
            _watcher.EnableRaisingEvents = true;
        }
    }

    /// <summary>The folder read, or null when none is configured.</summary>
    public string? Folder => _folder;

    /// <summary>The configured reducers, by name (the file name without .js).</summary>
    public IReadOnlyList<JavaScriptReducer> Reducers => _loaded.Reducers;

    /// <summary>Files that could not be loaded.</summary>
    public IReadOnlyList<ReducerFileProblem> Problems => _loaded.Problems;

    /// <summary>Raised after each reload.</summary>
    public event Action? Changed;

    /// <summary>The reducer of that name: "generic" or a configured one; null when there is none.</summary>
    public Reducer? Find(string name) =>
        string.Equals(name, GenericReducer.DefaultName, StringComparison.Ordinal)
            ? GenericReducer.Instance
            : _loaded.Reducers.FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.Ordinal));

    /// <summary>The first configured reducer (by name) meant for the aggregate, else the generic one.</summary>
    public Reducer For(string aggregateId, string? firstEventType) =>
        _loaded.Reducers.FirstOrDefault(r => r.AppliesTo(aggregateId, firstEventType)) ?? (Reducer)GenericReducer.Instance;

    /// <summary>Reads the folder again (also called by the file watcher).</summary>
    public void Reload()
    {
        lock (_reloading)
        {
            var reducers = new List<JavaScriptReducer>();
            var problems = new List<ReducerFileProblem>();
            if (_folder is not null)
            {
                if (!Directory.Exists(_folder))
                {
                    problems.Add(new ReducerFileProblem(_folder, "The reducer folder does not exist."));
                }
                else
                {
                    foreach (var file in Directory.EnumerateFiles(_folder, "*.js").Order(StringComparer.Ordinal))
                    {
                        var name = Path.GetFileNameWithoutExtension(file);
                        try
                        {
                            if (string.Equals(name, GenericReducer.DefaultName, StringComparison.Ordinal))
                            {
                                throw new ReducerLoadException(name, "\"generic\" is the name of the built-in reducer; rename the file");
                            }
                            reducers.Add(JavaScriptReducer.Load(name, ReadShared(file), _limits));
                        }
                        catch (Exception e) when (e is ReducerLoadException or IOException or UnauthorizedAccessException)
                        {
                            problems.Add(new ReducerFileProblem(Path.GetFileName(file), e.Message));
                            _logger.LogWarning("Reducer file {File} was not loaded: {Reason}", file, e.Message);
                        }
                    }
                }
            }
            _loaded = new Loaded(reducers, problems);
            _logger.LogInformation("Loaded {Count} JavaScript reducer(s) from {Folder}", reducers.Count, _folder ?? "(no folder configured)");
        }
        Changed?.Invoke();
    }

    /// <summary>Reads a file an editor may still be writing.</summary>
    private static string ReadShared(string file)
    {
        using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public void Dispose() => _watcher?.Dispose();

    private sealed record Loaded(IReadOnlyList<JavaScriptReducer> Reducers, IReadOnlyList<ReducerFileProblem> Problems);
}
