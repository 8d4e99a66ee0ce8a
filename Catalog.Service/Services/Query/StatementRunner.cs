using Databricks.Client;
using Microsoft.Extensions.Options;

namespace Catalog.Service.Services.Query;

/// <summary>
/// Runs one statement to its rows: submits it with a <c>wait_timeout</c> inside the budget, polls it while it is PENDING
/// or RUNNING, cancels it when the budget runs out, and reads every further chunk.
/// </summary>
public sealed partial class StatementRunner(
    SqlStatementsClient statements,
    IOptions<CatalogOptions> options,
    TimeProvider time,
    ILogger<StatementRunner> logger)
{
    // The statement API accepts 0 s (asynchronous) or 5–50 s.
    private static readonly TimeSpan MinWait = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MaxWait = TimeSpan.FromSeconds(50);
    private static readonly TimeSpan FirstPoll = TimeSpan.FromMilliseconds(25);
    private static readonly TimeSpan MaxPoll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan CancelTimeout = TimeSpan.FromSeconds(5);

    public async Task<StatementRows> RunAsync(
        DatabricksToken token, string sql, IReadOnlyList<StatementParameter> parameters, CancellationToken cancellationToken)
    {
        var warehouseId = options.Value.WarehouseId;
        if (string.IsNullOrWhiteSpace(warehouseId))
        {
            throw new WarehouseNotConfiguredException("No SQL warehouse is configured (Databricks:WarehouseId).");
        }

        var budget = options.Value.QueryTimeout;
        var started = time.GetTimestamp();
        var request = new StatementRequest(sql, warehouseId)
        {
            Parameters = parameters,
            WaitTimeout = WaitTimeout(budget),
            OnWaitTimeout = "CONTINUE",
        };

        var response = await WarehouseCallAsync(() => statements.ExecuteAsync(token, request, cancellationToken), submit: true);
        try
        {
            response = await PollAsync(token, response, budget, started, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The caller went away: nobody will read this statement's rows.
            await CancelAsync(token, response.StatementId);
            throw;
        }

        if (response.Status.State != StatementStates.Succeeded)
        {
            throw new StatementFailedException(response.StatementId, response.Status);
        }

        // A SUCCEEDED statement always has its manifest (databricks-rest-api.md §5.2).
        return new StatementRows(response.StatementId, response.Manifest!.Schema!.Columns!, await ReadRowsAsync(token, response, cancellationToken));
    }

    private async Task<StatementResponse> PollAsync(
        DatabricksToken token, StatementResponse response, TimeSpan budget, long started, CancellationToken cancellationToken)
    {
        var poll = FirstPoll;
        while (!response.Status.IsTerminal)
        {
            var remaining = budget - time.GetElapsedTime(started);
            if (remaining <= TimeSpan.Zero)
            {
                await CancelAsync(token, response.StatementId);
                throw new QueryTimeoutException(response.StatementId, budget);
            }

            await Task.Delay(Shorter(poll, remaining), time, cancellationToken);
            poll = Shorter(poll * 2, MaxPoll);
            var statementId = response.StatementId;
            response = await WarehouseCallAsync(() => statements.GetAsync(token, statementId, cancellationToken), submit: false);
        }

        return response;
    }

    private static TimeSpan WaitTimeout(TimeSpan budget)
    {
        if (budget < MinWait)
        {
            return TimeSpan.Zero;
        }

        return Shorter(TimeSpan.FromSeconds(Math.Floor(budget.TotalSeconds)), MaxWait);
    }

    private static TimeSpan Shorter(TimeSpan a, TimeSpan b) => TimeSpan.FromTicks(Math.Min(a.Ticks, b.Ticks));

    private async Task<List<IReadOnlyList<string?>>> ReadRowsAsync(DatabricksToken token, StatementResponse response, CancellationToken cancellationToken)
    {
        var rows = new List<IReadOnlyList<string?>>();
        var chunk = response.Result;
        while (chunk is not null)
        {
            if (chunk.DataArray is { } data)
            {
                rows.AddRange(data);
            }

            var link = chunk.NextChunkInternalLink;
            chunk = link is null
                ? null
                : await WarehouseCallAsync(() => statements.GetChunkAsync(token, link, cancellationToken), submit: false);
        }

        return rows;
    }

    private async Task CancelAsync(DatabricksToken token, string statementId)
    {
        LogCancelling(logger, statementId);
        try
        {
            using var timeout = new CancellationTokenSource(CancelTimeout);
            await statements.CancelAsync(token, statementId, timeout.Token);
        }
        catch (Exception exception) when (exception is DatabricksApiException or OperationCanceledException)
        {
            // Best effort: the statement ends on its own, and the caller's answer does not depend on this.
            LogCancelFailed(logger, statementId, exception);
        }
    }

    private static async Task<T> WarehouseCallAsync<T>(Func<Task<T>> call, bool submit)
    {
        try
        {
            return await call();
        }
        catch (DatabricksApiException exception) when (exception.StatusCode is 429 || exception.IsWorkspaceUnavailable)
        {
            throw new WarehouseUnavailableException(exception.RetryAfter, exception);
        }
        catch (DatabricksApiException exception) when (submit && exception.StatusCode == StatusCodes.Status404NotFound)
        {
            throw new WarehouseNotConfiguredException("The configured SQL warehouse does not exist.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Cancelling statement {StatementId}: it outlived the query budget or its caller")]
    private static partial void LogCancelling(ILogger logger, string statementId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not cancel statement {StatementId}")]
    private static partial void LogCancelFailed(ILogger logger, string statementId, Exception exception);
}

/// <summary>The rows of a SUCCEEDED statement, with the manifest's columns.</summary>
public sealed record StatementRows(string StatementId, IReadOnlyList<ResultColumn> Columns, IReadOnlyList<IReadOnlyList<string?>> Rows);
