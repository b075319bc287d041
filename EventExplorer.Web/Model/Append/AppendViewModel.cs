using System.Globalization;
using System.Text.Json;
using EventExplorer.Data;
using EventExplorer.Data.Errors;
using EventExplorer.Data.Model;
using EventExplorer.Web.Model.Json;
using EventExplorer.Web.Model.Loading;

namespace EventExplorer.Web.Model.Append;

/// <summary>
/// State and logic of the append page: the form as typed, the proposed version, and what the last
/// attempt gave. Nothing the user typed is cleared by a failure (conflict, validation, store down).
/// </summary>
public sealed class AppendViewModel(IEventStoreReader reader, IEventStoreWriter writer, IAppendVerifier verifier) : IDisposable
{
    private readonly AppendOutcomes _outcomes = new(reader, writer, verifier);
    private string _aggregateId = "";
    private string _versionText = "";
    private string _eventsJson = "";
    private AppendState? _applied;

    public bool CanWrite => writer.CanWrite;

    /// <summary>The proposal of the next version (one read of the aggregate's head).</summary>
    public LatestLoad ProposeLoad { get; } = new();

    /// <summary>The append itself; its error is shown in the message bar unless it has a better place (conflict, validation).</summary>
    public LatestLoad SubmitLoad { get; } = new();

    /// <summary>"Check now" of an append whose outcome is unknown; its error is said in that panel.</summary>
    public LatestLoad CheckLoad { get; } = new();

    public string AggregateId
    {
        get => _aggregateId;
        set { _aggregateId = value; Touch(); }
    }

    /// <summary>The version box as typed (parsed on submit: a link or a user can put anything there).</summary>
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

    /// <summary>The last append was sent but its outcome is unknown: said as such, with how to check.</summary>
    public AppendOutcomeUnknown? Unknown { get; private set; }
    public Commit? Appended { get; private set; }

    /// <summary>True when <see cref="Appended"/> was found by a check after its reply was lost.</summary>
    public bool AppendedAfterCheck { get; private set; }

    /// <summary>True right after a success until something changes: a second click does not append the same commit twice.</summary>
    public bool JustAppended { get; private set; }

    public bool Submitting => SubmitLoad.IsLoading;

    /// <summary>The form's own checks pass (so the button is enabled): the store checks again.</summary>
    public bool CanSubmit => CanWrite && !Submitting && !JustAppended && Validate(out _).Count == 0 && Unsettled is null;

    /// <summary>
    /// An earlier attempt with the events the form holds, for this aggregate, whose outcome is not
    /// known yet: they are not sent again (at any version) until it is checked.
    /// </summary>
    public AppendAttempt? Unsettled => _outcomes.Unsettled(_aggregateId, _eventsJson);

    /// <summary>The error for the message bar: store failures other than a conflict or a validation error.</summary>
    public LoadError? Error => SubmitLoad.Error is { Kind: LoadErrorKind.Conflict or LoadErrorKind.InvalidRequest or LoadErrorKind.OutcomeUnknown } ? null : SubmitLoad.Error ?? ProposeLoad.Error;

    /// <summary>The form as a link (aggregate and version), kept in the address bar as the user types.</summary>
    public AppendState FormState => new()
    {
        AggregateId = string.IsNullOrEmpty(_aggregateId) ? null : _aggregateId,
        Version = VersionEdited || ProposedFor == _aggregateId ? NullIfEmpty(_versionText) : null,
    };

    public string? AppendedTimelineUrl => Appended is { Version: { } v } c ? ExplorerUrls.Commit(c.AggregateId, v) : null;

    public string? AppendedFeedUrl => Appended?.CommitId is { } id ? ExplorerUrls.Feed(id.Text) : null;

    /// <summary>The rule the events editor applies as the user types.</summary>
    public static string? EventsRule(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Array when value.GetArrayLength() == 0 => "The events array is empty: a commit needs at least one event.",
        JsonValueKind.Array => null,
        _ => "The events must be a JSON array, e.g. [{\"type\": \"Created\"}].",
    };

    /// <summary>
    /// Applies a link's values (<c>?aggregate=..&amp;version=..</c>) unless the form already shows them
    /// (the page writes the form into the address bar as it changes); proposes a version when the link has none.
    /// </summary>
    public async Task LoadAsync(string url)
    {
        var state = AppendState.Parse(url);
        if (state == _applied || state == FormState) return;
        _applied = state;
        _aggregateId = state.AggregateId ?? "";
        _versionText = state.Version ?? "";
        VersionEdited = !string.IsNullOrWhiteSpace(state.Version);
        if (CanWrite && !VersionEdited && !string.IsNullOrWhiteSpace(_aggregateId)) await ProposeVersionAsync();
    }

    public void Restore(string url, Prerendered<AppendProposal> handed)
    {
        var state = AppendState.Parse(url);
        _applied = state;
        _aggregateId = state.AggregateId ?? "";
        _versionText = state.Version ?? "";
        VersionEdited = !string.IsNullOrWhiteSpace(state.Version);
        if (handed.Data is { AggregateId: { } id, Version: { } proposed } && id == _aggregateId && !VersionEdited)
        {
            ProposedFor = id;
            ProposedVersion = proposed;
            _versionText = proposed.ToString(CultureInfo.InvariantCulture);
        }
        if (handed.Error is { } error) ProposeLoad.Fail(error);
    }

    public Prerendered<AppendProposal> Handover(string url) => new(url, new AppendProposal(ProposedFor, ProposedVersion), ProposeLoad.Error);

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

    /// <summary>
    /// The message bar's Retry: the append again when that is what failed (a transient failure of an
    /// append is one where nothing can have been written: an unknown outcome is never retried), else
    /// the version proposal. The form keeps what was typed either way.
    /// </summary>
    public Task RetryAsync() => SubmitLoad.Error is { IsTransient: true, Kind: not LoadErrorKind.OutcomeUnknown } ? SubmitAsync() : ProposeVersionAsync();

    /// <summary>Takes the version the conflict found free.</summary>
    public void UseNextFreeVersion()
    {
        if (Conflict?.OfferedVersion is not { } next) return;
        _versionText = next.ToString(CultureInfo.InvariantCulture);
        VersionEdited = false;
        ProposedVersion = next;
        ProposedFor = _aggregateId;
        Conflict = null;
        Touch();
    }

    /// <summary>Where an append would write (for the confirmation); null when the store cannot be described.</summary>
    public async Task<StoreDescription?> TargetAsync()
    {
        StoreDescription? store = null;
        await ProposeLoad.RunAsync(async ct => store = await reader.DescribeAsync(ct));
        return store;
    }

    /// <summary>What the confirmation shows; null (with <see cref="ValidationErrors"/> set) when the form is not ready.</summary>
    public AppendPreview? Preview()
    {
        var errors = Validate(out var version);
        ValidationErrors = errors;
        if (errors.Count > 0) return null;
        return new AppendPreview(_aggregateId, version, AppendWarnings.CountEvents(_eventsJson), AppendWarnings.Of(_eventsJson));
    }

    /// <summary>Checks the form, then appends. Returns true on success.</summary>
    public async Task<bool> SubmitAsync()
    {
        if (!CanWrite || Submitting || JustAppended || Unsettled is not null) return false;
        var errors = Validate(out var version);
        ValidationErrors = errors;
        Conflict = null;
        Appended = null;
        Unknown = null;
        SubmitLoad.ClearError();
        CheckLoad.ClearError();
        if (errors.Count > 0) return false;

        var request = new AppendRequest { AggregateId = _aggregateId, Version = version, EventsJson = _eventsJson };
        // A race is a version the store proposed that another writer took since; a typed one may have been taken long before.
        var proposed = !VersionEdited && ProposedFor == _aggregateId && ProposedVersion == version;
        Commit? appended = null;
        AppendConflict? conflict = null;
        IReadOnlyList<string>? refused = null;
        var ok = await SubmitLoad.RunAsync(async ct =>
        {
            try
            {
                appended = await writer.AppendAsync(request, ct);
            }
            catch (VersionConflictException taken)
            {
                conflict = await _outcomes.ExplainAsync(taken, request.EventsJson, proposed, ct);
                throw;
            }
            catch (WriteValidationException invalid)
            {
                refused = invalid.Errors;
                throw;
            }
            catch (WriteOutcomeUnknownException unknown)
            {
                if (unknown.Attempt is { } attempt) _outcomes.Remember(attempt);
                Unknown = new AppendOutcomeUnknown(request.AggregateId, request.Version, unknown.Message) { Attempt = unknown.Attempt, VersionWasProposed = proposed };
                throw;
            }
        });

        if (ok && appended is not null)
        {
            Succeeded(appended, checkedLater: false);
            return true;
        }

        Conflict = conflict;
        if (refused is not null) ValidationErrors = refused;
        return false;
    }

    /// <summary>
    /// "Check now" for an append whose outcome is unknown: one read of its version. Written is said as
    /// appended; nothing there says it is safe to send again; another commit there is a conflict.
    /// A check that cannot answer leaves the outcome unknown and says why.
    /// </summary>
    public async Task CheckNowAsync()
    {
        if (Unknown is not { Attempt: { } attempt } unknown) return;
        AppendVerification? verification = null;
        AppendConflict? conflict = null;
        var ok = await CheckLoad.RunAsync(async ct =>
        {
            verification = await _outcomes.CheckAsync(attempt, ct);
            if (verification.Verdict == AppendVerdict.TakenByAnother) conflict = await _outcomes.ExplainCheckedAsync(attempt, verification, unknown.VersionWasProposed, ct);
        });
        if (!ok || verification is null)
        {
            if (CheckLoad.Error is { } error) Unknown = unknown with { CheckError = error.Message };
            return;
        }
        switch (verification.Verdict)
        {
            case AppendVerdict.Written:
                Unknown = null;
                Succeeded(verification.Stored!, checkedLater: true);
                break;
            case AppendVerdict.NotWritten:
                Unknown = unknown with { Check = AppendCheckState.NotWritten, CheckError = null };
                break;
            default:
                Unknown = null;
                Conflict = conflict;
                break;
        }
    }

    private void Succeeded(Commit appended, bool checkedLater)
    {
        Appended = appended;
        AppendedAfterCheck = checkedLater;
        JustAppended = true;
        if (appended.Version is { } version) _outcomes.Settled(appended.AggregateId, version);
        if (appended.AggregateId != _aggregateId || appended.Version is not { } written) return;
        var next = written + 1;
        _versionText = next.ToString(CultureInfo.InvariantCulture);
        VersionEdited = false;
        ProposedVersion = next;
        ProposedFor = _aggregateId;
    }

    /// <summary>
    /// Why the append button is disabled, for a line beside it. The events' own error is already said
    /// (with its line and column) under the editor, so here it is only pointed at, not repeated.
    /// </summary>
    public IReadOnlyList<string> Blockers()
    {
        var blockers = new List<string>();
        var eventsBlocked = false;
        foreach (var error in Validate(out _))
        {
            if (error.StartsWith("Events: ", StringComparison.Ordinal) || error == EditorCheck?.Error) eventsBlocked = true;
            else blockers.Add(error);
        }
        if (eventsBlocked) blockers.Add("The events are not a valid, non-empty JSON array yet (see the message under the editor).");
        if (Unsettled is { } unsettled)
        {
            blockers.Add($"Your attempt to append these events as version {unsettled.Version} has an unknown outcome: use \u201cCheck now\u201d " +
                         "before sending them again, at any version (they may already be stored).");
        }
        return blockers;
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
        else if (version == long.MaxValue)
            errors.Add("The version is the largest number a version can be; no commit can follow it.");

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
        CheckLoad.Dispose();
    }

    private static string? NullIfEmpty(string text) => string.IsNullOrWhiteSpace(text) ? null : text;

    private void Touch()
    {
        JustAppended = false;
        Appended = null;
        AppendedAfterCheck = false;
    }
}
