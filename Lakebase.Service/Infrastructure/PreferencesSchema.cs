using Microsoft.EntityFrameworkCore;

namespace Lakebase.Service.Infrastructure;

/// <summary>
/// Applies the committed migrations once per process: in the background at start-up, and otherwise on the first
/// request that needs the schema, so that a database that was down at start-up is migrated when it comes back.
/// </summary>
public sealed class PreferencesSchema(IServiceScopeFactory scopes)
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile bool _ready;

    public async Task EnsureMigratedAsync(CancellationToken cancellationToken)
    {
        if (_ready)
        {
            return;
        }

        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (!_ready)
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<LakebaseDbContext>().Database.MigrateAsync(cancellationToken);
                _ready = true;
            }
        }
        finally
        {
            _gate.Release();
        }
    }
}
