using System.Globalization;
using MockDatabricks.Services;
using MockDatabricks.Services.Sql;
using Npgsql;
using ServiceDefaults.Lakebase;

namespace MockDatabricks.Infrastructure;

/// <summary>The rows of a finished query, every cell already in the statement API's string form.</summary>
public sealed record QueryResult(IReadOnlyList<(string Name, DatabricksType Type)> Columns, IReadOnlyList<string?[]> Rows, bool Truncated);

/// <summary>
/// Runs a translated statement in a read-only transaction under the caller's PostgreSQL role, so the engine
/// enforces the caller's grants. <c>SET LOCAL</c> ends with the transaction: the pooled connection is clean again.
/// </summary>
public sealed class WarehouseQueryRunner(WarehouseDatabase database, IConfiguration configuration)
{
    private readonly int _statementTimeoutSeconds = configuration.GetValue("Mock:Sql:StatementTimeoutSeconds", 120);

    public Task<QueryResult> RunAsync(Principal principal, TranslatedStatement statement, long? rowLimit, CancellationToken cancellationToken) =>
        // Statements are read-only, so running one again after a dead pooled session is safe.
        DatabaseErrors.RetryAfterTerminatedSessionsAsync(() => RunOnceAsync(principal, statement, rowLimit, cancellationToken));

    private async Task<QueryResult> RunOnceAsync(Principal principal, TranslatedStatement statement, long? rowLimit, CancellationToken cancellationToken)
    {
        await using var connection = await database.Statements.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                new("SET TRANSACTION READ ONLY"),
                new($"SET LOCAL ROLE {WarehouseDatabase.QuoteIdentifier(database.RoleName(principal))}"),
                new($"SET LOCAL statement_timeout = {_statementTimeoutSeconds * 1000}"),
            },
        };
        var query = new NpgsqlBatchCommand(statement.Sql);
        foreach (var parameter in statement.Parameters)
        {
            query.Parameters.Add(parameter.Clone());
        }

        batch.BatchCommands.Add(query);
        var rows = new List<string?[]>();
        var truncated = false;
        List<(string, DatabricksType)> columns;
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            columns = Enumerable.Range(0, reader.FieldCount)
                .Select(i => (reader.GetName(i), DatabricksTypes.FromPostgres(reader.GetDataTypeName(i))))
                .ToList();
            while (await reader.ReadAsync(cancellationToken))
            {
                if (rowLimit is { } limit && rows.Count >= limit)
                {
                    truncated = true;
                    break;
                }

                var row = new string?[reader.FieldCount];
                for (var i = 0; i < row.Length; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : Format(reader.GetValue(i), columns[i].Item2);
                }

                rows.Add(row);
            }
        }

        await transaction.RollbackAsync(cancellationToken);
        return new(columns, rows, truncated);
    }

    /// <summary>The text form of a value, as JSON_ARRAY results carry it.</summary>
    public static string Format(object value, DatabricksType type) => value switch
    {
        bool b => b ? "true" : "false",
        DateTime dt when type.TypeName == "DATE" => dt.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime dt => dt.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
