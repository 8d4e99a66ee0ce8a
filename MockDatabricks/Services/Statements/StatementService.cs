using System.Collections.Concurrent;
using MockDatabricks.Infrastructure;
using MockDatabricks.Services.Sql;
using Npgsql;

namespace MockDatabricks.Services.Statements;

/// <summary>Runs statements in the background and keeps the most recent ones for polling, chunks and cancel.</summary>
public sealed class StatementService(
    WarehouseQueryRunner runner,
    WarehouseReadiness readiness,
    SqlErrorMapper errors,
    IConfiguration configuration,
    ILogger<StatementService> logger)
{
    private readonly ConcurrentDictionary<string, StatementRecord> _statements = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();
    private readonly int _retained = Math.Max(10, configuration.GetValue("Mock:Sql:RetainedStatements", 2000));

    public StatementRecord Start(Principal principal, TranslatedStatement? statement, SqlFailure? failure, long? rowLimit, int delayMs)
    {
        var id = Guid.NewGuid().ToString();
        var cancellation = new CancellationTokenSource();
        var execution = failure is not null
            ? Task.FromResult<StatementOutcome>(new StatementFailed(failure))
            : Task.Run(() => ExecuteAsync(id, principal, statement!, rowLimit, delayMs, cancellation.Token), CancellationToken.None);
        var record = new StatementRecord(id, principal.UserName, execution, cancellation);
        _statements[id] = record;
        _order.Enqueue(id);
        while (_order.Count > _retained && _order.TryDequeue(out var old))
        {
            if (_statements.TryRemove(old, out var evicted))
            {
                evicted.Cancellation.Cancel();
            }
        }

        return record;
    }

    /// <summary>Waits up to <paramref name="wait"/> for the statement to finish; zero returns it PENDING.</summary>
    public async Task WaitAsync(StatementRecord record, TimeSpan wait, bool cancelOnTimeout, CancellationToken cancellationToken)
    {
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        await Task.WhenAny(record.Execution, Task.Delay(wait, cancellationToken));
        if (record.Execution.IsCompleted)
        {
            record.ShowAtLeast(2);
            return;
        }

        record.ShowAtLeast(1);
        if (cancelOnTimeout)
        {
            Cancel(record);
        }
    }

    public StatementRecord? Find(string id, Principal principal) =>
        _statements.TryGetValue(id, out var record) && string.Equals(record.Owner, principal.UserName, StringComparison.OrdinalIgnoreCase)
            ? record
            : null;

    /// <summary>Cancels a statement the owner has not yet seen finish; a finished one stays as it was.</summary>
    public void Cancel(StatementRecord record)
    {
        if (record.VisibleOutcome is not null)
        {
            return;
        }

        record.MarkCanceled();
        record.Cancellation.Cancel();
    }

    private async Task<StatementOutcome> ExecuteAsync(string id, Principal principal, TranslatedStatement statement, long? rowLimit, int delayMs, CancellationToken cancellationToken)
    {
        try
        {
            await readiness.WaitAsync(cancellationToken);
            if (delayMs > 0)
            {
                await Task.Delay(delayMs, cancellationToken);
            }

            var result = await runner.RunAsync(principal, statement, rowLimit, cancellationToken);
            return new StatementSucceeded(result);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return new StatementCanceled();
        }
        catch (PostgresException exception)
        {
            logger.LogInformation("Statement {StatementId} failed in the warehouse with SQLSTATE {SqlState}", id, exception.SqlState);
            return new StatementFailed(errors.Map(exception, principal, statement));
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or TimeoutException)
        {
            logger.LogWarning(exception, "Statement {StatementId} could not be run", id);
            return new StatementFailed(new SqlFailure("INTERNAL_ERROR", "The warehouse is not reachable.", "08000", errorCode: "TEMPORARILY_UNAVAILABLE"));
        }
    }
}
