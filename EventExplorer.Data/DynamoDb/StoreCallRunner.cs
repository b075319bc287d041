using EventExplorer.Data.Diagnostics;
using EventExplorer.Data.Errors;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EventExplorer.Data.DynamoDb;

/// <summary>
/// Runs one DynamoDB call within a deadline, so that a hung or slow database is reported as "not
/// answering" within it (the SDK's own retries would take up to MaxErrorRetry x RequestTimeout), and
/// lets no SDK or network exception out untranslated (<see cref="StoreExceptionTranslator"/>). Every
/// call is traced and measured (<see cref="StoreCallTrace"/>); a failed one is logged. Conflicts are
/// translated by the caller, who knows the key. Reads (Query, Scan, GetItem) first wait for the
/// instance's <see cref="ReadCapacityBudget"/> and are charged what they consumed.
/// </summary>
internal sealed class StoreCallRunner
{
    /// <summary>How long one data-service call may take, SDK retries included.</summary>
    public static readonly TimeSpan DefaultDeadline = TimeSpan.FromSeconds(10);

    private readonly StoreExceptionTranslator _translator;

    public StoreCallRunner(string endpoint, TimeSpan? deadline = null, ILogger? logger = null, ReadCapacityBudget? budget = null)
    {
        Endpoint = endpoint;
        Deadline = deadline ?? DefaultDeadline;
        Logger = logger ?? NullLogger.Instance;
        Budget = budget ?? ReadCapacityBudget.Unlimited;
        _translator = new StoreExceptionTranslator(Endpoint, Deadline);
    }

    public string Endpoint { get; }

    public TimeSpan Deadline { get; }

    /// <summary>Where store errors and writes are logged (category EventExplorer.DynamoDb).</summary>
    public ILogger Logger { get; }

    /// <summary>The instance's read capacity, shared by every read (unlimited unless configured).</summary>
    public ReadCapacityBudget Budget { get; }

    /// <summary>
    /// Runs <paramref name="call"/> with a token that ends at the caller's cancellation or at
    /// <see cref="Deadline"/>, whichever comes first.
    /// </summary>
    /// <param name="operation">The DynamoDB operation, when <typeparamref name="T"/> is not its response type (QueryResponse: "Query").</param>
    /// <param name="priority">Whether a read is a page's (goes first) or part of a long read, when it waits for capacity.</param>
    public async Task<T> RunAsync<T>(string tableName, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken,
        string? operation = null, ReadPriority priority = ReadPriority.Page)
    {
        operation ??= OperationOf(typeof(T));
        var budgeted = !Budget.IsUnlimited && operation is "Query" or "Scan" or "GetItem" or "BatchGetItem";
        double? admittedWith = null;
        double? consumed = null;
        using var trace = StoreCallTrace.Start(operation, tableName, Endpoint);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            // Before the deadline starts: waiting for our own budget is not the database failing to answer.
            if (budgeted) admittedWith = await Budget.AdmitAsync(priority, cancellationToken).ConfigureAwait(false);
            deadline.CancelAfter(Deadline);
            var result = await call(deadline.Token).ConfigureAwait(false);
            consumed = trace.Succeeded(result);
            return result;
        }
        catch (Exception ex) when (_translator.Translate(ex, tableName, cancellationToken) is { } translated)
        {
            if (budgeted && translated is StoreThrottledException) Budget.Throttled();
            trace.Failed(translated);
            Logger.LogWarning(ex, "DynamoDB {Operation} on {Table} at {Endpoint} failed ({ErrorKind}): {Error}",
                operation, tableName, Endpoint, translated.GetType().Name, translated.Message);
            throw translated;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            trace.Cancelled();
            throw;
        }
        catch (EventStoreException ex)
        {
            // Ours, raised inside the call (a layout that does not fit, a value that is not valid): already in words.
            trace.Refused(ex);
            throw;
        }
        finally
        {
            if (admittedWith is { } charge) Budget.Settle(charge, consumed);
        }
    }

    /// <summary>"Query" for QueryResponse, the type's name otherwise.</summary>
    private static string OperationOf(Type type)
    {
        var name = (Nullable.GetUnderlyingType(type) ?? type).Name;
        return name.EndsWith("Response", StringComparison.Ordinal) ? name[..^"Response".Length] : name;
    }
}
