using ServiceDefaults.Lakebase;
using Databricks.Client;
using Lakebase.Service.Infrastructure;
using Lakebase.Service.Services;

namespace Lakebase.Service.Extensions;

public static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // Each service keeps its migration history in its own schema of the shared Lakebase database.
        builder.AddLakebaseDbContext<LakebaseDbContext>(
            configureNpgsql: npgsql => npgsql.MigrationsHistoryTable("__EFMigrationsHistory", LakebaseDbContext.Schema));
        builder.AddDatabricksClient();
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton<LakebaseSchema<LakebaseDbContext>>();
        builder.Services.AddHostedService<LakebaseSchemaMigrationService<LakebaseDbContext>>();
        builder.Services.AddScoped<PreferenceStore>();
        return builder;
    }
}
