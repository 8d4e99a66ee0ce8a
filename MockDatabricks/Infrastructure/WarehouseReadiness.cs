using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MockDatabricks.Infrastructure;

/// <summary>Whether the warehouse holds the reference data; <c>/health</c> is unhealthy until it does.</summary>
public sealed class WarehouseReadiness : IHealthCheck
{
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string? _failure;

    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    public string PostgresVersion { get; private set; } = "PG_VERSION_15";

    public void MarkReady(string postgresVersion)
    {
        PostgresVersion = postgresVersion;
        _ready.TrySetResult();
    }

    public void MarkFailed(string reason) => _failure = reason;

    public Task WaitAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(IsReady
            ? HealthCheckResult.Healthy("The warehouse holds the reference data.")
            : HealthCheckResult.Unhealthy(_failure ?? "The warehouse is being seeded."));
}
