using ModelServing.Service.Infrastructure;
using Npgsql;
using NpgsqlTypes;
using ServiceDefaults.Lakebase;

namespace ModelServing.Service.Services;

/// <summary>
/// Commits an invocation's row before the response goes out. When the database is unavailable the row goes to the
/// <see cref="InferenceLogQueue"/> instead, and the invocation still answers.
/// </summary>
public sealed partial class InferenceLogWriter(
    LakebaseDataSource database,
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
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            // One round trip and one implicit transaction: every row of the batch is stored, or none.
            await using var batch = new NpgsqlBatch(connection);
            foreach (var row in rows)
            {
                batch.BatchCommands.Add(Insert(row));
            }

            await batch.ExecuteNonQueryAsync(cancellationToken);
        });

    private const string InsertSql = """
        INSERT INTO model_serving.inference_logs (request_id, endpoint_name, user_id, inputs, predictions, status,
            error_code, error_message, execution_time_ms, created_at, completed_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
        """;

    private static NpgsqlBatchCommand Insert(InferenceLogRow row) => new(InsertSql)
    {
        Parameters =
        {
            new() { Value = row.RequestId },
            new() { Value = row.EndpointName },
            new() { Value = row.UserId },
            new() { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = (object?)row.Inputs ?? DBNull.Value },
            new() { NpgsqlDbType = NpgsqlDbType.Jsonb, Value = (object?)row.Predictions ?? DBNull.Value },
            new() { Value = row.Status },
            new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)row.ErrorCode ?? DBNull.Value },
            new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)row.ErrorMessage ?? DBNull.Value },
            new() { Value = row.ExecutionTimeMs },
            new() { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = row.CreatedAt },
            new() { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = (object?)row.CompletedAt ?? DBNull.Value },
        },
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Inference log row {InferenceRequestId} is queued: the database is unavailable ({Error})")]
    private partial void LogQueued(string inferenceRequestId, string error);
}
