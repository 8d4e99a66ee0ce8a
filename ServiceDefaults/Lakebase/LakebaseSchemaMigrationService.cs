using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace ServiceDefaults.Lakebase;

/// <summary>Migrates at start-up without holding the service back; a failure is retried by the next request.</summary>
public sealed partial class LakebaseSchemaMigrationService<TContext>(
    LakebaseSchema<TContext> schema,
    LakebaseStatus lakebase,
    ILogger<LakebaseSchemaMigrationService<TContext>> logger) : BackgroundService
    where TContext : DbContext
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
            // Start-up allocates a lot, once (configuration, DI, the first connections): give that memory back instead of
            // carrying it while idle (1 MB of lakebase-api's resident memory since the migrations run as a script; it
            // was more while EF Core migrated).
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        }
        catch (Exception e) when (DatabaseErrors.IsUnavailable(e))
        {
            LogDeferred(e.GetType().Name, typeof(TContext).Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The Lakebase database is unreachable ({Error}); the schema of {Context} will be migrated on the first request after it returns")]
    private partial void LogDeferred(string error, string context);
}
