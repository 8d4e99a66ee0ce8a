using ServiceDefaults.Lakebase;
using Databricks.Client;
using ModelServing.Service.Infrastructure;
using ModelServing.Service.Services;
using OpenTelemetry.Metrics;

namespace ModelServing.Service.Extensions;

public static class ApplicationServiceExtensions
{
    /// <summary>Where the catalog service is; service discovery resolves the default in the Aspire topology.</summary>
    public const string DefaultCatalogApiUrl = "http://catalog-api";

    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // Raw statements only (InferenceLogStore, InferenceLogWriter, DetectionEventRecorder): ModelServingDbContext
        // defines the schema and its migrations, which run as their idempotent script, so EF Core never builds a model or
        // runs its migrator here.
        builder.AddLakebaseDataSource();
        // api-contract.md §4: a 429, 503 or failed connect is tried 3 times in all.
        builder.AddDatabricksClient(options => options.MaxAttempts = 3);
        builder.Services.AddOpenApi();
        builder.Services.AddMemoryCache();
        builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddMeter(InferenceLogMetrics.MeterName));

        builder.Services.AddSingleton<LakebaseSchema<ModelServingDbContext>>();
        builder.Services.AddHostedService<LakebaseSchemaMigrationService<ModelServingDbContext>>();
        builder.Services.AddSingleton<InferenceLogMetrics>();
        builder.Services.AddSingleton<InferenceLogQueue>();
        builder.Services.AddSingleton<InferenceLogWriter>();
        builder.Services.AddHostedService<InferenceLogDrain>();
        builder.Services.AddSingleton<DetectionEventRecorder>();
        builder.Services.AddSingleton<SchemaDetector>();
        builder.Services.AddScoped<InferenceLogStore>();
        builder.Services.AddScoped<InvocationService>();
        // No retries of our own: catalog-api already retries the warehouse, and retrying it again would multiply the wait
        // inside the caller's timeout_seconds. RemoveAllResilienceHandlers is marked for evaluation (as in Databricks.Client).
#pragma warning disable EXTEXP0001
        builder.Services.AddHttpClient<CatalogQueryClient>(client =>
                client.BaseAddress = new Uri(builder.Configuration["ModelServing:CatalogApiUrl"] ?? DefaultCatalogApiUrl))
            .RemoveAllResilienceHandlers()
            // The caller's token travels in a header: never in a log line.
            .RedactLoggedHeaders(_ => true);
#pragma warning restore EXTEXP0001
        return builder;
    }
}
