using System.Globalization;
using System.Text.Json;
using EventExplorer.Data;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;

namespace EventExplorer.Web.Model;

/// <summary>The commits that took a version first, and the version that is free now.</summary>
public sealed record AppendConflict
{
    public required string AggregateId { get; init; }
    public required long Version { get; init; }

    /// <summary>Commits at and after <see cref="Version"/>, oldest first.</summary>
    public required IReadOnlyList<Commit> Commits { get; init; }

    /// <summary>True when more commits follow the ones listed.</summary>
    public required bool More { get; init; }

    /// <summary>Head + 1 as the store sees it now; null when it could not be read.</summary>
    public required long? NextFreeVersion { get; init; }

    public string TimelineUrl => ExplorerUrls.Aggregate(AggregateId, fromVersion: Version);
}

/// <summary>
/// State and logic of the append page: the form as typed, the proposed version, and what the last
/// attempt gave. Nothing the user typed is cleared by a failure (conflict, validation, store down).
/// </summary>
public sealed class AppendViewModel(IEventStoreReader reader, IEventStoreWriter writer) : IDisposable
{
    /// <summary>Commits listed when a version turns out to be taken.</summary>
    public const int ConflictCommitsShown = 10;

    private string _aggregateId = "";
    private string _versionText = "";
    private string _eventsJson = "";

    public bool CanWrite => writer.CanWrite;

    /// <summary>The proposal of the next version (one read of the aggregate's head).</summary>
    public LatestLoad ProposeLoad { get; } = new();

    /// <summary>The append itself; its error is shown in the message bar unless it has a better place (conflict, validation).</summary>
    public LatestLoad SubmitLoad { get; } = new();

    public string AggregateId
    {
        get => _aggregateId;
        set { _aggregateId = value; Touch(); }
    }

    /// <summary>The version box as typed (parsed on submit: a query value or a user can put anything there).</summary>
    public string VersionText
    {
        get => _versionText;
        set { _versionText = value; VersionEdited = !string.IsNullOrWhiteSpace(value); Touch(); }
    }

    public string EventsJson
    {
        get => _eventsJson;
        set { _eventsJson = value; Touch(); }
    }

    /// <summary>True once the user (or a link) chose the version; a new aggregate id then no longer replaces it.</summary>
    public bool VersionEdited { get; private set; }

    /// <summary>What the store proposed for <see cref="ProposedFor"/>.</summary>
    public long? ProposedVersion { get; private set; }
    public string? ProposedFor { get; private set; }

    /// <summary>The editor's own verdict, which knows about text too large to have reached the server.</summary>
    public JsonCheck? EditorCheck { get; set; }

    public IReadOnlyList<string> ValidationErrors { get; private set; } = [];
    public AppendConflict? Conflict { get; private set; }
    public Commit? Appended { get; private set; }

    /// <summary>True right after a success until something changes: a second click does not append the same commit twice.</summary>
    public bool JustAppended { get; private set; }

    public bool Submitting => SubmitLoad.IsLoading;

    public bool CanSubmit => CanWrite && !Submitting && !JustAppended;

    /// <summary>The error for the message bar: store failures other than a conflict or a validation error.</summary>
    public EventStoreException? Error => SubmitLoad.Error is VersionConflictException or WriteValidationException ? null : SubmitLoad.Error ?? ProposeLoad.Error;

    public string? AppendedTimelineUrl => Appended is { } c ? ExplorerUrls.Aggregate(c.AggregateId, fromVersion: c.Version) : null;

    public string? AppendedFeedUrl => Appended?.CommitId is { } id ? ExplorerUrls.Feed(fromCommitId: id) : null;

    /// <summary>The rule the events editor applies as the user types.</summary>
    public static string? EventsRule(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array when value.GetArrayLength() == 0 => "The events array is empty: a commit needs at least one event.",
        JsonValueKind.Array => null,
        _ => "The events must be a JSON array, e.g. [{\"type\": \"Created\"}].",
    };

    /// <summary>Applies a link's values (<c>?aggregate=..&amp;version=..</c>); proposes a version when the link has none.</summary>
    public async Task InitializeAsync(string? aggregateId, string? version)
    {
        _aggregateId = aggregateId ?? "";
        _versionText = version ?? "";
        VersionEdited = !string.IsNullOrWhiteSpace(version);
        if (!VersionEdited && !string.IsNullOrWhiteSpace(_aggregateId)) await ProposeVersionAsync();
    }

    /// <summary>After the aggregate id changes: propose its next version unless the user chose one.</summary>
    public async Task AggregateIdChangedAsync()
    {
        Conflict = null;
        if (!VersionEdited) await ProposeVersionAsync();
    }

    /// <summary>Asks the store for head + 1 and puts it in the version box.</summary>
    public async Task ProposeVersionAsync()
    {
        var id = _aggregateId;
        if (string.IsNullOrWhiteSpace(id)) return;
        long proposed = 0;
        if (!await ProposeLoad.RunAsync(async ct => proposed = await writer.ProposeNextVersionAsync(id, ct))) return;
        if (id != _aggregateId) return;
        ProposedVersion = proposed;
        ProposedFor = id;
        _versionText = proposed.ToString(CultureInfo.InvariantCulture);
        VersionEdited = false;
    }

    /// <summary>Takes the version the conflict found free.</summary>
    public void UseNextFreeVersion()
    {
        if (Conflict?.NextFreeVersion is not { } next) return;
        _versionText = next.ToString(CultureInfo.InvariantCulture);
        VersionEdited = false;
        ProposedVersion = next;
        ProposedFor = _aggregateId;
        Conflict = null;
        Touch();
    }

    /// <summary>Checks the form, then appends. Returns true on success.</summary>
    public async Task<bool> SubmitAsync()
    {
        if (!CanSubmit) return false;
        var errors = Validate(out var version);
        ValidationErrors = errors;
        Conflict = null;
        Appended = null;
        SubmitLoad.ClearError();
        if (errors.Count > 0) return false;

        var request = new AppendRequest { AggregateId = _aggregateId, Version = version, EventsJson = _eventsJson };
        Commit? appended = null;
        AppendConflict? conflict = null;
        var ok = await SubmitLoad.RunAsync(async ct =>
        {
            try
            {
                appended = await writer.AppendAsync(request, ct);
            }
            catch (VersionConflictException)
            {
                conflict = await ReadConflictAsync(request.AggregateId, request.Version, ct);
                throw;
            }
        });

        if (ok && appended is not null)
        {
            Appended = appended;
            JustAppended = true;
            var next = (appended.Version ?? version) + 1;
            _versionText = next.ToString(CultureInfo.InvariantCulture);
            VersionEdited = false;
            ProposedVersion = next;
            ProposedFor = _aggregateId;
            return true;
        }

        Conflict = conflict;
        if (SubmitLoad.Error is WriteValidationException invalid) ValidationErrors = invalid.Errors;
        return false;
    }

    /// <summary>The form's own checks, so obvious mistakes never reach the store.</summary>
    public List<string> Validate(out long version)
    {
        var errors = new List<string>();
        version = 0;
        if (string.IsNullOrWhiteSpace(_aggregateId)) errors.Add("Enter an aggregate id.");
        else if (_aggregateId != _aggregateId.Trim()) errors.Add("The aggregate id starts or ends with spaces; ids are exact, so remove them if they are not meant.");

        if (string.IsNullOrWhiteSpace(_versionText)) errors.Add("Enter a version (0 for a new aggregate's first commit).");
        else if (!long.TryParse(_versionText.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out version))
            errors.Add($"The version '{_versionText}' is not a whole number of 0 or more.");

        if (EditorCheck is { NotSent: true, Error: { } unsent })
        {
            // The editor knows of text the server never received (too large to send).
            errors.Add(unsent);
        }
        else if (JsonText.Check(_eventsJson, EventsRule) is { IsValid: false } check)
        {
            errors.Add("Events: " + check.Error);
        }
        return errors;
    }

    public void Dispose()
    {
        ProposeLoad.Dispose();
        SubmitLoad.Dispose();
    }

    // Reading what got there first must not hide the conflict itself: a failure here leaves the list empty.
    private async Task<AppendConflict> ReadConflictAsync(string aggregateId, long version, CancellationToken cancellationToken)
    {
        IReadOnlyList<Commit> commits = [];
        var more = false;
        long? next = null;
        try
        {
            var page = await reader.ReadTimelineAsync(new TimelineQuery
            {
                AggregateId = aggregateId,
                FromVersion = version,
                Order = ReadOrder.OldestFirst,
                PageSize = ConflictCommitsShown,
            }, cancellationToken);
            commits = page.Items;
            more = page.Newer is not null;
            next = await writer.ProposeNextVersionAsync(aggregateId, cancellationToken);
        }
        catch (EventStoreException)
        {
        }
        return new AppendConflict { AggregateId = aggregateId, Version = version, Commits = commits, More = more, NextFreeVersion = next };
    }

    private void Touch() => JustAppended = false;
}
