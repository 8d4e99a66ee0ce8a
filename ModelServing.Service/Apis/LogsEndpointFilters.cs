using ModelServing.Service.Infrastructure;
using ServiceDefaults.Lakebase;

namespace ModelServing.Service.Apis;

public static class LogsEndpointFilters
{
    /// <summary>
    /// The policies of a route that reads the inference log: Lakebase must be configured (else 503
    /// LAKEBASE_NOT_CONFIGURED), the schema is migrated first, and a read that met a pooled session killed by a database
    /// restart runs again on another connection.
    /// </summary>
    public static TBuilder RequireInferenceLog<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder
            .RequireLakebase()
            .AddEndpointFilter(static (context, next) => new ValueTask<object?>(
                DatabaseErrors.RetryAfterTerminatedSessionsAsync(() => next(context).AsTask())))
            .AddEndpointFilter(static async (context, next) =>
            {
                await context.HttpContext.RequestServices.GetRequiredService<LakebaseSchema<ModelServingDbContext>>()
                    .EnsureMigratedAsync(context.HttpContext.RequestAborted);
                return await next(context);
            });
}
