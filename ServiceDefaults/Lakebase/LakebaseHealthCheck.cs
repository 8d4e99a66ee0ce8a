using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ServiceDefaults.Lakebase;

/// <summary>Healthy when a connection to the Lakebase database opens.</summary>
internal sealed class LakebaseHealthCheck<TContext>(TContext dbContext) : IHealthCheck where TContext : DbContext
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var database = dbContext.Database;
        try
        {
            // Opened by hand rather than with CanConnectAsync, which swallows the reason a connection failed.
            await database.OpenConnectionAsync(cancellationToken);
            await database.CloseConnectionAsync();
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The Lakebase database cannot be reached.", exception);
        }
    }
}
