namespace MockDatabricks.Services.Sql;

/// <summary>A table named in a statement, resolved against the statement's default catalog and schema.</summary>
public sealed record TableReference(string Catalog, string Schema, string Table, int Position)
{
    public string FullName => $"{Catalog}.{Schema}.{Table}";

    public string Quoted => $"`{Catalog}`.`{Schema}`.`{Table}`";

    public string PgSchema => WorkspaceCatalog.PgSchemaName(Catalog, Schema);
}

public sealed record TranslatedStatement(string Sql, IReadOnlyList<Npgsql.NpgsqlParameter> Parameters, IReadOnlyList<TableReference> Tables);
