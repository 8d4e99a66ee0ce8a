using ModelServing.Service.Infrastructure;
using ModelServing.Service.Model;
using ServiceDefaults.Lakebase;

namespace ModelServing.Service.Services;

/// <summary>
/// Writes one <c>schema_detection_events</c> row per real detection when Lakebase is configured. The events are a
/// record, not part of the answer: a database that is down costs the event, never the detection.
/// </summary>
public sealed partial class DetectionEventRecorder(
    IServiceScopeFactory scopes,
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

    private async Task InsertAsync(string userId, SchemaDetection detection)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ModelServingDbContext>();
        db.SchemaDetectionEvents.Add(new SchemaDetectionEventRow
        {
            EndpointName = detection.EndpointName,
            UserId = userId,
            DetectedType = detection.DetectedType,
            InputFormat = detection.InputFormat,
            Status = detection.Status,
            Message = detection.Message,
            LatencyMs = detection.LatencyMs,
            CreatedAt = detection.DetectedAt,
        });
        await db.SaveChangesAsync(CancellationToken.None);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The schema detection event of {EndpointName} was not recorded: the database is unavailable ({Error})")]
    private partial void LogEventNotRecorded(string endpointName, string error);
}
