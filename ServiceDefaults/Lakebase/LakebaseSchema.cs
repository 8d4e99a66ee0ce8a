using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceDefaults.Lakebase;

/// <summary>
/// Applies <typeparamref name="TContext"/>'s committed migrations once per process: in the background at start-up
/// (<see cref="LakebaseSchemaMigrationService{TContext}"/>), and otherwise on the first request that needs the schema,
/// so that a database that was down at start-up is migrated when it comes back.
/// </summary>
public sealed class LakebaseSchema<TContext>(IServiceScopeFactory scopes)
    where TContext : DbContext
{
    private readonly Lock _gate = new();
    private Task? _migration;

    /// <summary>
    /// Concurrent callers share one attempt: while the database is down they all fail together, quickly, instead of
    /// queueing behind each other's connect timeouts. A failed attempt is forgotten, so the next call tries again.
    /// </summary>
    public Task EnsureMigratedAsync(CancellationToken cancellationToken)
    {
        // Every request that uses the schema passes here: once migrated, no lock.
        if (Volatile.Read(ref _migration) is { IsCompletedSuccessfully: true })
        {
            return Task.CompletedTask;
        }

        Task migration;
        lock (_gate)
        {
            if (_migration is null || _migration.IsFaulted || _migration.IsCanceled)
            {
                _migration = MigrateAsync();
            }

            migration = _migration;
        }

        return migration.IsCompletedSuccessfully ? Task.CompletedTask : migration.WaitAsync(cancellationToken);
    }

    // Not tied to one caller's cancellation: others may be waiting for the same attempt.
    private async Task MigrateAsync()
    {
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<TContext>().Database.MigrateAsync();
    }
}
