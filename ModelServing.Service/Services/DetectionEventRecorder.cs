using ModelServing.Service.Infrastructure;
using ModelServing.Service.Model;
using Npgsql;
using NpgsqlTypes;
using ServiceDefaults.Lakebase;

namespace ModelServing.Service.Services;

/// <summary>
/// Writes one <c>schema_detection_events</c> row per real detection when Lakebase is configured. The events are a
/// record, not part of the answer: a database that is down costs the event, never the detection.
/// </summary>
public sealed partial class DetectionEventRecorder(
    LakebaseDataSource database,
    LakebaseSchema<ModelServingDbContext> schema,
    LakebaseStatus lakebase,
    ILogger<DetectionEventRecorder> logger)
{
    public async Task RecordAsync(string userId, SchemaDetection detection)
    {
        if (!lakebase.IsConfigured)
        {
            return;
        }

        try
        {
            await schema.EnsureMigratedAsync(CancellationToken.None);
            // A restart that no request saw leaves dead sessions in the pool: the insert is one statement, so it is
            // safe to run again, on a fresh context, once the pool is cleared.
            await DatabaseErrors.RetryAfterTerminatedSessionsAsync(() => InsertAsync(userId, detection));
        }
        catch (Exception exception) when (DatabaseErrors.IsUnavailable(exception))
        {
            LogEventNotRecorded(detection.EndpointName, exception.GetType().Name);
        }
    }

    private const string InsertSql = """
        INSERT INTO model_serving.schema_detection_events (endpoint_name, user_id, detected_type, input_format, status,
            message, latency_ms, created_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        """;

    private async Task InsertAsync(string userId, SchemaDetection detection)
    {
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        await using var command = new NpgsqlCommand(InsertSql, connection)
        {
            Parameters =
            {
                new() { Value = detection.EndpointName },
                new() { Value = userId },
                new() { Value = detection.DetectedType },
                new() { Value = detection.InputFormat },
                new() { Value = detection.Status },
                new() { NpgsqlDbType = NpgsqlDbType.Text, Value = (object?)detection.Message ?? DBNull.Value },
                new() { Value = detection.LatencyMs },
                new() { NpgsqlDbType = NpgsqlDbType.TimestampTz, Value = detection.DetectedAt },
            },
        };
        await command.ExecuteNonQueryAsync(CancellationToken.None);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The schema detection event of {EndpointName} was not recorded: the database is unavailable ({Error})")]
    private partial void LogEventNotRecorded(string endpointName, string error);
}
