using ModelServing.Service.Infrastructure;
using ServiceDefaults.Lakebase;

namespace ModelServing.Service.Apis;

public static class LogsEndpointFilters
{
    /// <summary>
    /// The policies of a route that reads the inference log: Lakebase must be configured (else 503
    /// LAKEBASE_NOT_CONFIGURED), the schema is migrated first, and a read that met a pooled session killed by a database
    /// restart runs once more on a fresh connection.
    /// </summary>
    public static TBuilder RequireInferenceLog<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder
            .RequireLakebase()
            .AddEndpointFilter(static (context, next) => new ValueTask<object?>(
                DatabaseErrors.RetryOnceAfterTerminatedSessionAsync(() => next(context).AsTask())))
            .AddEndpointFilter(static async (context, next) =>
            {
                await context.HttpContext.RequestServices.GetRequiredService<ModelServingSchema>()
                    .EnsureMigratedAsync(context.HttpContext.RequestAborted);
                return await next(context);
            });
}
