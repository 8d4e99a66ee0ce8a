using System.Diagnostics;
using System.Text.Json;
using MockDatabricks.Services;
using MockDatabricks.Services.Sql;
using Npgsql;
using NpgsqlTypes;

namespace MockDatabricks.Infrastructure;

/// <summary>
/// Loads the reference tables into the warehouse once per seed version: a marker table remembers the version, so a
/// restart skips the data (and its one-million-row table, generated in the database) and only re-applies grants.
/// </summary>
public sealed class WarehouseSeeder(
    WarehouseDatabase database,
    WorkspaceCatalog catalog,
    PrincipalDirectory principals,
    RoleGrantSync grants,
    WarehouseReadiness readiness,
    SeedVersion seedVersion,
    ILogger<WarehouseSeeder> logger) : BackgroundService
{
    private const long AdvisoryLockKey = 0x6d6f636b_73656564;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            var clock = Stopwatch.StartNew();
            var loaded = await EnsureTablesAsync(stoppingToken);
            readiness.MarkTablesExist();
            await grants.SyncAsync(principals.All.ToList(), stoppingToken);
            await using var connection = await database.DataSource.OpenConnectionAsync(stoppingToken);
            readiness.MarkReady($"PG_VERSION_{connection.PostgreSqlVersion.Major}");
            logger.LogInformation("Warehouse ready in {ElapsedMs} ms (seed {SeedVersion}, {Outcome})",
                clock.ElapsedMilliseconds, seedVersion.Value, loaded ? "loaded" : "already present");
        }
        catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
        {
            readiness.MarkFailed("Seeding the warehouse failed.");
            logger.LogError(exception, "Seeding the warehouse failed");
        }
    }

    private async Task<bool> EnsureTablesAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, $"""
            SELECT pg_advisory_xact_lock({AdvisoryLockKey});
            CREATE SCHEMA IF NOT EXISTS mock_meta;
            CREATE TABLE IF NOT EXISTS mock_meta.seed (version text NOT NULL);
            """, cancellationToken);
        await using (var read = new NpgsqlCommand("SELECT version FROM mock_meta.seed", connection, transaction))
        {
            if (await read.ExecuteScalarAsync(cancellationToken) as string == seedVersion.Value)
            {
                await transaction.CommitAsync(cancellationToken);
                return false;
            }
        }

        foreach (var schema in catalog.AllSchemas)
        {
            var pgSchema = WarehouseDatabase.QuoteIdentifier(schema.PgSchema);
            await ExecuteAsync(connection, transaction, $"DROP SCHEMA IF EXISTS {pgSchema} CASCADE; CREATE SCHEMA {pgSchema};", cancellationToken);
            foreach (var table in schema.Tables)
            {
                await CreateTableAsync(connection, transaction, table, cancellationToken);
            }
        }

        await using (var mark = new NpgsqlCommand("DELETE FROM mock_meta.seed; INSERT INTO mock_meta.seed (version) VALUES (@version)", connection, transaction))
        {
            mark.Parameters.AddWithValue("version", seedVersion.Value);
            await mark.ExecuteNonQueryAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    private static async Task CreateTableAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, TableNode table, CancellationToken cancellationToken)
    {
        var name = $"{WarehouseDatabase.QuoteIdentifier(table.PgSchema)}.{WarehouseDatabase.QuoteIdentifier(table.Name)}";
        var columns = table.Seed.Columns.Select(c => (Name: WarehouseDatabase.QuoteIdentifier(c.Name), Type: DatabricksTypes.ToPostgres(DatabricksTypes.Parse(c.Type)))).ToList();
        await ExecuteAsync(connection, transaction, $"CREATE TABLE {name} ({string.Join(", ", columns.Select(c => $"{c.Name} {c.Type}"))})", cancellationToken);

        if (table.Seed.Generate is { } generate)
        {
            // Seed expressions come from our own reference data, never from a request.
            var select = string.Join(", ", table.Seed.Columns.Select((c, i) => $"CAST(({generate.Expressions[c.Name]}) AS {columns[i].Type})"));
            await ExecuteAsync(connection, transaction,
                $"INSERT INTO {name} SELECT {select} FROM generate_series(1::bigint, {generate.Rows}::bigint) AS g", cancellationToken);
        }
        else if (table.Seed.Rows is { Count: > 0 } rows)
        {
            await InsertRowsAsync(connection, transaction, name, rows, cancellationToken);
        }

        if (table.Seed.PrimaryKey is { } key)
        {
            await ExecuteAsync(connection, transaction, $"ALTER TABLE {name} ADD PRIMARY KEY ({WarehouseDatabase.QuoteIdentifier(key)})", cancellationToken);
        }

        await ExecuteAsync(connection, transaction, $"ANALYZE {name}", cancellationToken);
    }

    private static async Task InsertRowsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string name, IReadOnlyList<IReadOnlyList<JsonElement>> rows, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand { Connection = connection, Transaction = transaction };
        var values = new List<string>();
        foreach (var row in rows)
        {
            var placeholders = new List<string>();
            foreach (var cell in row)
            {
                // Untyped text parameters: PostgreSQL converts each to its column's type.
                command.Parameters.Add(new NpgsqlParameter
                {
                    NpgsqlDbType = NpgsqlDbType.Unknown,
                    Value = cell.ValueKind switch
                    {
                        JsonValueKind.Null => DBNull.Value,
                        JsonValueKind.String => cell.GetString()!,
                        _ => cell.GetRawText(),
                    },
                });
                placeholders.Add($"${command.Parameters.Count}");
            }

            values.Add($"({string.Join(", ", placeholders)})");
        }

        command.CommandText = $"INSERT INTO {name} VALUES {string.Join(", ", values)}";
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>The fingerprint of the reference data the warehouse is seeded from.</summary>
public sealed record SeedVersion(string Value);
