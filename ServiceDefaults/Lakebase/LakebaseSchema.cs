using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace ServiceDefaults.Lakebase;

/// <summary>
/// Applies <typeparamref name="TContext"/>'s committed migrations once per process: in the background at start-up
/// (<see cref="LakebaseSchemaMigrationService{TContext}"/>), and otherwise on the first request that needs the schema,
/// so that a database that was down at start-up is migrated when it comes back.
/// </summary>
/// <remarks>
/// The migrations run as the idempotent script that EF Core generates from them (<see cref="ScriptResourceName"/>, embedded
/// in the context's assembly), not through <c>Database.MigrateAsync</c>: the script records each migration in the same
/// history table, and running it needs no EF Core in the service's process, which keeps EF Core's model building and
/// migration pipeline (about 25 MB resident, measured) out of a service that does not otherwise use them. The whole
/// script is one transaction, so a migration cannot hold a statement that must run outside one (such as
/// <c>CREATE INDEX CONCURRENTLY</c>); a fresh database fails at start-up if one does.
/// </remarks>
public sealed partial class LakebaseSchema<TContext>(LakebaseDataSource database, ILogger<LakebaseSchema<TContext>> logger)
    where TContext : DbContext
{
    /// <summary>
    /// The script's resource name. Regenerate the script after adding a migration:
    /// <c>dotnet ef migrations script --idempotent --no-transactions -p &lt;service&gt; -o &lt;service&gt;/Infrastructure/Migrations/&lt;context&gt;.sql</c>.
    /// </summary>
    public static readonly string ScriptResourceName = $"{typeof(TContext).Name}.sql";

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

    /// <summary>The committed migrations of <typeparamref name="TContext"/> as one idempotent script.</summary>
    public static string ReadScript()
    {
        using var stream = typeof(TContext).Assembly.GetManifestResourceStream(ScriptResourceName) ?? throw new InvalidOperationException(
            $"{typeof(TContext).Assembly.GetName().Name} embeds no migration script '{ScriptResourceName}'.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    // Not tied to one caller's cancellation: others may be waiting for the same attempt.
    private async Task MigrateAsync()
    {
        var script = ReadScript();
        await using var connection = await database.OpenConnectionAsync(CancellationToken.None);
        // One transaction, and one instance of the service at a time: a second instance waits, then finds nothing to do.
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var lockSchema = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('lakebase-schema'), hashtext(@context))", connection, transaction))
        {
            lockSchema.Parameters.AddWithValue("context", ScriptResourceName);
            await lockSchema.ExecuteNonQueryAsync();
        }

        await using (var migrate = new NpgsqlCommand(script, connection, transaction))
        {
            await migrate.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        LogMigrated(typeof(TContext).Name);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "The Lakebase schema of {Context} is up to date")]
    private partial void LogMigrated(string context);
}
