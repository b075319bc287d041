using EventExplorer.Data.Model;
using EventExplorer.Data.Writes;
using EventExplorer.Testing;
using EventExplorer.Tests.Infrastructure;
using EventExplorer.Web.Model.Append;

namespace EventExplorer.Tests.Web.Model.Append;

/// <summary>
/// An append whose reply was lost, as the user of the append form meets it, over the real store with
/// the proxy's faults: every way forward the page offers ends with each commit stored once.
/// </summary>
public sealed class AppendOutcomeTests(DynaliteFixture dynalite) : IClassFixture<DynaliteFixture>, IAsyncLifetime
{
    private const string Refund = """[{"type":"refundPaid","amount":25}]""";

    private AppendTestBed _bed = null!;

    public async Task InitializeAsync() => _bed = await AppendTestBed.CreateAsync(dynalite);

    public async Task DisposeAsync() => await _bed.DisposeAsync();

    /// <summary>The put is written and its reply dropped; the resend meets our own item; the read-back that would tell hangs.</summary>
    private void LoseTheReplyAndStallTheReadBack()
    {
        _bed.Proxy.Inject(ProxyFault.DropReply.On("PutItem").Once);
        _bed.Proxy.Inject(ProxyFault.Stall.On("GetItem"));
    }

    /// <summary>Does what the page offers next, as a user would, except checking: Retry, the next free version, sending again.</summary>
    private static async Task TakeEveryWayForwardAsync(AppendViewModel model)
    {
        for (var step = 0; step < 5 && model.Appended is null; step++)
        {
            if (model.Error is { IsTransient: true }) await model.RetryAsync();
            else if (model.Conflict?.OfferedVersion is not null)
            {
                model.UseNextFreeVersion();
                await model.SubmitAsync();
            }
            else if (model.CanSubmit) await model.SubmitAsync();
            else return;
        }
    }

    [Fact]
    public async Task AReplyLostWithAStalledReadBack_IsAnUnknownOutcome_AndNoWayForwardStoresTheEventsTwice()
    {
        using var model = await _bed.FormAsync("refund-1", "0", Refund);
        LoseTheReplyAndStallTheReadBack();

        await model.SubmitAsync();
        _bed.Proxy.Heal();
        await TakeEveryWayForwardAsync(model);

        // Not "Database not answering" with Retry, and not a conflict with "another writer" and a next version.
        Assert.NotNull(model.Unknown);
        Assert.Null(model.Error);
        Assert.Null(model.Conflict);
        Assert.Contains("is unknown", model.Unknown.Message, StringComparison.Ordinal);
        Assert.Equal("/aggregates/refund-1?from=0", model.Unknown.CheckUrl);
        Assert.Equal(Refund, model.EventsJson);
        Assert.Single(await _bed.StoredAsync("refund-1"));
    }

    [Fact]
    public async Task TheSameEvents_AreNotSentAgainAtAnyVersionUntilTheUnknownOutcomeIsChecked()
    {
        using var model = await _bed.FormAsync("refund-2", "0", Refund);
        LoseTheReplyAndStallTheReadBack();
        await model.SubmitAsync();
        _bed.Proxy.Heal();

        model.VersionText = "1";

        Assert.False(model.CanSubmit);
        Assert.Contains(model.Blockers(), b => b.Contains("unknown outcome", StringComparison.Ordinal) && b.Contains("Check now", StringComparison.Ordinal));
        Assert.False(await model.SubmitAsync());
        // Other events are another commit: those may go.
        model.EventsJson = """[{"type":"noteAdded"}]""";
        Assert.True(model.CanSubmit);
    }

    [Fact]
    public async Task CheckNow_FindsTheCommitWritten_SaysSo_AndTheAuditFollowsTheUnknownWithTheVerifiedOutcome()
    {
        using var model = await _bed.FormAsync("refund-3", "0", Refund);
        LoseTheReplyAndStallTheReadBack();
        await model.SubmitAsync();
        var attempt = model.Unknown?.Attempt;
        Assert.NotNull(attempt);
        _bed.Proxy.Heal();

        await model.CheckNowAsync();

        Assert.Null(model.Unknown);
        Assert.True(model.AppendedAfterCheck);
        Assert.Equal(0, model.Appended?.Version);
        Assert.Equal("1", model.VersionText);
        Assert.Null(model.Conflict);
        var stored = Assert.Single(await _bed.StoredAsync("refund-3"));
        Assert.Equal(stored.CommitId?.Text, attempt.CommitId);
        var records = (await _bed.AuditAsync()).Where(r => r.Attempt == attempt.AttemptId).ToList();
        Assert.Equal([(AuditOutcome.Attempted, false), (AuditOutcome.Unknown, false), (AuditOutcome.Succeeded, true)],
            records.Select(r => (r.Outcome, r.Verified)));
    }

    [Fact]
    public async Task CheckNow_WhenTheDatabaseStillDoesNotAnswer_KeepsTheOutcomeUnknownAndSaysWhy()
    {
        using var model = await _bed.FormAsync("refund-4", "0", Refund);
        LoseTheReplyAndStallTheReadBack();
        await model.SubmitAsync();

        await model.CheckNowAsync();

        Assert.NotNull(model.Unknown);
        Assert.Contains("not answering", model.Unknown.CheckError, StringComparison.Ordinal);
        Assert.Equal(AppendCheckState.NotChecked, model.Unknown.Check);
        Assert.Null(model.Error);
        Assert.False(model.CanSubmit);
    }

    [Fact]
    public async Task AVersionTypedThatWasTakenLongBefore_CheckedAfterALostReply_IsSaidAsTaken_NotARace()
    {
        await _bed.AddManyAsync("refund-8", 1);
        using var model = await _bed.FormAsync("refund-8", "0", Refund);
        LoseTheReplyAndStallTheReadBack();
        await model.SubmitAsync();
        Assert.NotNull(model.Unknown?.Attempt);
        _bed.Proxy.Heal();

        await model.CheckNowAsync();

        // The user chose version 0 themselves, and its commit was there before they sent theirs: nobody raced them.
        Assert.Equal(AppendConflictKind.Taken, model.Conflict?.Kind);
        Assert.Equal(1, model.Conflict?.OfferedVersion);
    }

    [Fact]
    public async Task AVersionTypedThatAnotherWriterTookAfterTheAttempt_CheckedLater_IsARace()
    {
        using var model = await _bed.FormAsync("refund-9", "0", Refund);
        _bed.Proxy.Inject(ProxyFault.Stall.On("PutItem"));
        await model.SubmitAsync();
        Assert.NotNull(model.Unknown?.Attempt);
        _bed.Proxy.Heal();
        await _bed.Direct.AppendAsync(new AppendRequest { AggregateId = "refund-9", Version = 0, EventsJson = """[{"type":"competitorWasFirst"}]""" }, CancellationToken.None);

        await model.CheckNowAsync();

        Assert.Equal(AppendConflictKind.Race, model.Conflict?.Kind);
    }

    [Fact]
    public async Task APutThatNeverArrived_IsCheckedAsNotWritten_ThenSentAgainOnce()
    {
        using var model = await _bed.FormAsync("refund-5", "0", Refund);
        _bed.Proxy.Inject(ProxyFault.Stall.On("PutItem"));

        await model.SubmitAsync();
        Assert.Contains("probably not written", model.Unknown?.Message, StringComparison.Ordinal);
        var first = model.Unknown!.Attempt!.AttemptId;
        Assert.False(model.CanSubmit);
        _bed.Proxy.Heal();
        await model.CheckNowAsync();

        Assert.Equal(AppendCheckState.NotWritten, model.Unknown?.Check);
        Assert.True(model.CanSubmit);
        Assert.True(await model.SubmitAsync());
        Assert.Single(await _bed.StoredAsync("refund-5"));
        Assert.Contains(await _bed.AuditAsync(), r => r.Attempt == first && r is { Outcome: AuditOutcome.NotWritten, Verified: true });
    }

    [Fact]
    public async Task APutThatLandsAfterItsTimeout_IsRecognisedAsTheEarlierAttemptWhenSentAgain_AndNoNextVersionIsOffered()
    {
        using var model = await _bed.FormAsync("refund-6", "0", Refund);
        var held = new HeldRequests();
        // The first put is held in the network and lands later; the SDK's resend never arrives.
        _bed.Proxy.Inject(ProxyFault.Hold(held).On("PutItem").Once);
        _bed.Proxy.Inject(ProxyFault.Stall.On("PutItem"));
        await model.SubmitAsync();
        var first = model.Unknown?.Attempt;
        Assert.NotNull(first);
        await model.CheckNowAsync();
        Assert.Equal(AppendCheckState.NotWritten, model.Unknown?.Check);

        held.Release();
        await held.Delivered.WaitAsync(TimeSpan.FromSeconds(30));
        _bed.Proxy.Heal();
        await model.SubmitAsync();

        Assert.Equal(AppendConflictKind.EarlierAttemptWritten, model.Conflict?.Kind);
        Assert.True(model.Conflict!.EarlierAttemptHadTheseEvents);
        Assert.Null(model.Conflict.OfferedVersion);
        model.UseNextFreeVersion();
        Assert.Equal("0", model.VersionText);
        var stored = Assert.Single(await _bed.StoredAsync("refund-6"));
        Assert.Equal(first.CommitId, stored.CommitId?.Text);
        // Unknown, checked: not written (then), and later verified written.
        Assert.Equal([AuditOutcome.Attempted, AuditOutcome.Unknown, AuditOutcome.NotWritten, AuditOutcome.Succeeded],
            (await _bed.AuditAsync()).Where(r => r.Attempt == first.AttemptId).Select(r => r.Outcome));
    }

    [Fact]
    public async Task OtherEventsAtTheVersionOfAnEarlierAttemptThatWasWritten_SayItWasWritten_AndOfferTheNextVersionForTheNewText()
    {
        using var model = await _bed.FormAsync("refund-7", "0", Refund);
        LoseTheReplyAndStallTheReadBack();
        await model.SubmitAsync();
        _bed.Proxy.Heal();

        model.EventsJson = """[{"type":"noteAdded","text":"a different commit"}]""";
        await model.SubmitAsync();

        Assert.Equal(AppendConflictKind.EarlierAttemptWritten, model.Conflict?.Kind);
        Assert.False(model.Conflict!.EarlierAttemptHadTheseEvents);
        Assert.Equal(1, model.Conflict.OfferedVersion);
        Assert.Single(await _bed.StoredAsync("refund-7"));
    }

    [Fact]
    public async Task TheSameEventsAlreadyAtTheVersion_FromAnAttemptThisFormDoesNotKnow_OfferNoNextVersion()
    {
        // Another tab (or this one before a reload) wrote these events at version 0.
        await _bed.Direct.AppendAsync(new AppendRequest { AggregateId = "refund-8", Version = 0, EventsJson = Refund }, CancellationToken.None);
        using var model = await _bed.FormAsync("refund-8", "0", """[ { "type": "refundPaid", "amount": 25 } ]""");

        await model.SubmitAsync();

        Assert.Equal(AppendConflictKind.SameEvents, model.Conflict?.Kind);
        Assert.Null(model.Conflict!.OfferedVersion);
        Assert.Equal(1, model.Conflict.NextFreeVersion);
        Assert.Single(await _bed.StoredAsync("refund-8"));
    }

    [Fact]
    public async Task AReplyLostThenThrottled_IsFoundWrittenByTheReadBack_AndSaidAsAppended()
    {
        using var model = await _bed.FormAsync("refund-9", "0", Refund);
        _bed.Proxy.Inject(ProxyFault.DropReply.On("PutItem").Once);
        _bed.Proxy.Inject(ProxyFault.ProvisionedThroughputExceeded.On("PutItem"));

        var ok = await model.SubmitAsync();

        Assert.True(ok);
        Assert.Null(model.Error);
        Assert.Equal(0, model.Appended?.Version);
        Assert.Single(await _bed.StoredAsync("refund-9"));
    }
}
