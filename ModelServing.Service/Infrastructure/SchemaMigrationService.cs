using ServiceDefaults.Lakebase;

namespace ModelServing.Service.Infrastructure;

/// <summary>Migrates at start-up without holding the service back; a failure is retried by the next request.</summary>
internal sealed partial class SchemaMigrationService(
    ModelServingSchema schema,
    LakebaseStatus lakebase,
    ILogger<SchemaMigrationService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!lakebase.IsConfigured)
        {
            return;
        }

        try
        {
            await schema.EnsureMigratedAsync(stoppingToken);
            // Migrating allocates a lot, once: give that memory back instead of carrying it while idle.
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
        catch (Exception e) when (DatabaseErrors.IsUnavailable(e))
        {
            LogDeferred(e.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Lakebase database is unreachable ({Error}); the model_serving schema will be migrated on the first request after it returns")]
    private partial void LogDeferred(string error);
}
