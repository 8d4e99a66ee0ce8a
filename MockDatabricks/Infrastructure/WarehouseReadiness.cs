using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace MockDatabricks.Infrastructure;

/// <summary>
/// How far seeding the warehouse has got. The mock serves SCIM, Unity Catalog and serving at once; statements wait
/// until the data is loaded (as on a warehouse that is still starting) and grant changes wait until the tables exist.
/// <c>/health</c> is unhealthy only when seeding failed, so the topology does not wait for the million-row table.
/// </summary>
public sealed class WarehouseReadiness : IHealthCheck
{
    private readonly TaskCompletionSource _tablesExist = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile string? _failure;

    public bool IsReady => _ready.Task.IsCompletedSuccessfully;

    public string PostgresVersion { get; private set; } = "PG_VERSION_15";

    public void MarkTablesExist() => _tablesExist.TrySetResult();

    public void MarkReady(string postgresVersion)
    {
        PostgresVersion = postgresVersion;
        _tablesExist.TrySetResult();
        _ready.TrySetResult();
    }

    public void MarkFailed(string reason)
    {
        _failure = reason;
        var failure = new InvalidOperationException(reason);
        _tablesExist.TrySetException(failure);
        _ready.TrySetException(failure);
    }

    /// <summary>Completes once the reference data is loaded and every principal's grants are applied.</summary>
    public Task WaitAsync(CancellationToken cancellationToken) => _ready.Task.WaitAsync(cancellationToken);

    /// <summary>Completes once every reference table exists, so grants on them can be applied.</summary>
    public Task WaitForTablesAsync(CancellationToken cancellationToken) => _tablesExist.Task.WaitAsync(cancellationToken);

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(_failure is { } failure
            ? HealthCheckResult.Unhealthy(failure)
            : HealthCheckResult.Healthy(IsReady ? "The warehouse holds the reference data." : "The warehouse is loading its reference data."));
}
