using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ServiceDefaults.Lakebase;

/// <summary>Healthy when a connection to the Lakebase database opens.</summary>
internal sealed class LakebaseHealthCheck(LakebaseDataSource database) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            return HealthCheckResult.Healthy();
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return new HealthCheckResult(context.Registration.FailureStatus, "The Lakebase database cannot be reached.", exception);
        }
    }
}
