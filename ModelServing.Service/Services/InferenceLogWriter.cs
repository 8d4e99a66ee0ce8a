using ModelServing.Service.Infrastructure;
using ServiceDefaults.Lakebase;

namespace ModelServing.Service.Services;

/// <summary>
/// Commits an invocation's row before the response goes out. When the database is unavailable the row goes to the
/// <see cref="InferenceLogQueue"/> instead, and the invocation still answers.
/// </summary>
public sealed partial class InferenceLogWriter(
    IServiceScopeFactory scopes,
    LakebaseSchema<ModelServingDbContext> schema,
    LakebaseStatus lakebase,
    InferenceLogQueue queue,
    ILogger<InferenceLogWriter> logger)
{
    public async Task WriteAsync(InferenceLogRow row)
    {
        if (!lakebase.IsConfigured)
        {
            return;
        }

        try
        {
            // Not the caller's cancellation: a caller who hangs up still made the invocation.
            await InsertAsync([row], CancellationToken.None);
        }
        catch (Exception exception) when (DatabaseErrors.IsUnavailable(exception))
        {
            LogQueued(row.RequestId, exception.GetType().Name);
            queue.Enqueue(row);
        }
    }

    /// <summary>Inserts the rows in one transaction; used by the queue's drain too.</summary>
    public Task InsertAsync(IReadOnlyList<InferenceLogRow> rows, CancellationToken cancellationToken) =>
        DatabaseErrors.RetryAfterTerminatedSessionsAsync(async () =>
        {
            await schema.EnsureMigratedAsync(cancellationToken);
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<ModelServingDbContext>();
            db.InferenceLogs.AddRange(rows);
            await db.SaveChangesAsync(cancellationToken);
        });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inference log row {InferenceRequestId} is queued: the database is unavailable ({Error})")]
    private partial void LogQueued(string inferenceRequestId, string error);
}
