using ServiceDefaults.Lakebase;
using Databricks.Client;
using Lakebase.Service.Infrastructure;
using Lakebase.Service.Services;

namespace Lakebase.Service.Extensions;

public static class ApplicationServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // Raw statements only (PreferenceStore): LakebaseDbContext defines the schema and its migrations, which run as
        // their idempotent script, so EF Core never builds a model or runs its migrator here.
        builder.AddLakebaseDataSource();
        builder.AddDatabricksClient();
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton<LakebaseSchema<LakebaseDbContext>>();
        builder.Services.AddHostedService<LakebaseSchemaMigrationService<LakebaseDbContext>>();
        builder.Services.AddScoped<PreferenceStore>();
        return builder;
    }
}
