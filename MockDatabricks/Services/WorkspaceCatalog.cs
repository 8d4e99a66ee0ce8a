using MockDatabricks.Model;

namespace MockDatabricks.Services;

public sealed record CatalogNode(CatalogSeed Seed, IReadOnlyList<SchemaNode> Schemas)
{
    public string Name => Seed.Name;
}

public sealed record SchemaNode(string CatalogName, SchemaSeed Seed, IReadOnlyList<TableNode> Tables)
{
    public string Name => Seed.Name;

    public string FullName => $"{CatalogName}.{Name}";

    /// <summary>The PostgreSQL schema that holds this schema's tables.</summary>
    public string PgSchema => WorkspaceCatalog.PgSchemaName(CatalogName, Name);
}

public sealed record TableNode(string CatalogName, string SchemaName, TableSeed Seed)
{
    public string Name => Seed.Name;

    public string FullName => $"{CatalogName}.{SchemaName}.{Name}";

    public string PgSchema => WorkspaceCatalog.PgSchemaName(CatalogName, SchemaName);
}

/// <summary>The Unity Catalog tree of the reference data, in a stable (ordinal) order.</summary>
public sealed class WorkspaceCatalog
{
    public WorkspaceCatalog(ReferenceData data)
    {
        Catalogs = data.Catalogs
            .OrderBy(c => c.Name, StringComparer.Ordinal)
            .Select(c => new CatalogNode(c, c.Schemas
                .OrderBy(s => s.Name, StringComparer.Ordinal)
                .Select(s => new SchemaNode(c.Name, s, s.Tables
                    .OrderBy(t => t.Name, StringComparer.Ordinal)
                    .Select(t => new TableNode(c.Name, s.Name, t))
                    .ToList()))
                .ToList()))
            .ToList();
        MetastoreId = data.Workspace.MetastoreId;
        CreatedAt = data.Workspace.CreatedAt;
    }

    public IReadOnlyList<CatalogNode> Catalogs { get; }

    public string MetastoreId { get; }

    public long CreatedAt { get; }

    public IEnumerable<SchemaNode> AllSchemas => Catalogs.SelectMany(c => c.Schemas);

    public IEnumerable<TableNode> AllTables => AllSchemas.SelectMany(s => s.Tables);

    /// <summary>Catalogs and schemas share one PostgreSQL namespace level: <c>main.default</c> is <c>main__default</c>.</summary>
    public static string PgSchemaName(string catalog, string schema) => $"{catalog}__{schema}";

    public CatalogNode? FindCatalog(string name) =>
        Catalogs.FirstOrDefault(c => string.Equals(c.Name, name, StringComparison.OrdinalIgnoreCase));

    public SchemaNode? FindSchema(string catalog, string schema) =>
        FindCatalog(catalog)?.Schemas.FirstOrDefault(s => string.Equals(s.Name, schema, StringComparison.OrdinalIgnoreCase));

    public TableNode? FindTable(string catalog, string schema, string table) =>
        FindSchema(catalog, schema)?.Tables.FirstOrDefault(t => string.Equals(t.Name, table, StringComparison.OrdinalIgnoreCase));

    public TableNode? FindTable(string fullName) =>
        fullName.Split('.') is [var c, var s, var t] ? FindTable(c, s, t) : null;

    public SchemaNode? FindSchema(string fullName) =>
        fullName.Split('.') is [var c, var s] ? FindSchema(c, s) : null;
}
