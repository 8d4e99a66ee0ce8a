using MockDatabricks.Services;
using Npgsql;
using ServiceDefaults.Lakebase;

namespace MockDatabricks.Infrastructure;

/// <summary>
/// Mirrors the privilege model onto PostgreSQL: one role per principal, schema USAGE for USE CATALOG + USE SCHEMA,
/// table SELECT for SELECT. Statements then run under that role and the engine itself refuses what is not granted.
/// </summary>
public sealed class RoleGrantSync(
    WarehouseDatabase database,
    WorkspaceCatalog catalog,
    PrivilegeModel privileges,
    WarehouseReadiness readiness,
    ILogger<RoleGrantSync> logger)
{
    // Concurrent GRANTs on one object fail in PostgreSQL ("tuple concurrently updated"), so syncs take turns.
    private const long AdvisoryLockKey = 0x6d6f636b_67726e74;
    private readonly SemaphoreSlim _gate = new(1, 1);

    // The statement runner's login gets this process's password at the first sync.
    private bool _runnerReady;

    public async Task SyncAsync(IReadOnlyCollection<Principal> principals, CancellationToken cancellationToken)
    {
        // GRANT needs the tables; a grant changed while the warehouse is still loading is applied once they exist.
        await readiness.WaitForTablesAsync(cancellationToken);
        await _gate.WaitAsync(cancellationToken);
        try
        {
            await DatabaseErrors.RetryAfterTerminatedSessionsAsync(() => ApplyAsync(principals, cancellationToken));
        }
        finally
        {
            _gate.Release();
        }
    }

    // One transaction, so running it again after a dead pooled session is safe.
    private async Task ApplyAsync(IReadOnlyCollection<Principal> principals, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var lockCommand = new NpgsqlCommand($"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", connection, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        var runner = WarehouseDatabase.QuoteIdentifier(database.RunnerRoleName);
        var existing = await ExistingRolesAsync(connection, transaction, [.. principals.Select(database.RoleName), database.RunnerRoleName], cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction);
        if (!_runnerReady)
        {
            var verb = existing.Contains(database.RunnerRoleName) ? "ALTER" : "CREATE";
            batch.BatchCommands.Add(new($"{verb} ROLE {runner} WITH LOGIN NOINHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD '{database.RunnerPassword}'"));
        }

        foreach (var principal in principals)
        {
            AddStatements(batch, principal, existing.Contains(database.RoleName(principal)));
            batch.BatchCommands.Add(new($"GRANT {WarehouseDatabase.QuoteIdentifier(database.RoleName(principal))} TO {runner}"));
        }

        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        _runnerReady = true;
        logger.LogDebug("Synchronised the warehouse grants of {PrincipalCount} principals", principals.Count);
    }

    private void AddStatements(NpgsqlBatch batch, Principal principal, bool roleExists)
    {
        var role = WarehouseDatabase.QuoteIdentifier(database.RoleName(principal));
        if (!roleExists)
        {
            batch.BatchCommands.Add(new($"CREATE ROLE {role} NOLOGIN"));
        }

        foreach (var schema in catalog.AllSchemas)
        {
            var pgSchema = WarehouseDatabase.QuoteIdentifier(schema.PgSchema);
            batch.BatchCommands.Add(new($"REVOKE ALL ON SCHEMA {pgSchema} FROM {role}"));
            batch.BatchCommands.Add(new($"REVOKE ALL ON ALL TABLES IN SCHEMA {pgSchema} FROM {role}"));
            if (privileges.CanUseSchema(principal.UserName, schema.CatalogName, schema.Name))
            {
                batch.BatchCommands.Add(new($"GRANT USAGE ON SCHEMA {pgSchema} TO {role}"));
            }

            foreach (var table in schema.Tables.Where(t => privileges.HasSelect(principal.UserName, t.CatalogName, t.SchemaName, t.Name)))
            {
                batch.BatchCommands.Add(new($"GRANT SELECT ON TABLE {pgSchema}.{WarehouseDatabase.QuoteIdentifier(table.Name)} TO {role}"));
            }
        }
    }

    private static async Task<HashSet<string>> ExistingRolesAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string[] roles, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT rolname FROM pg_roles WHERE rolname = ANY($1)", connection, transaction)
        {
            Parameters = { new() { Value = roles } },
        };
        var found = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add(reader.GetString(0));
        }

        return found;
    }
}
