using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MockDatabricks.Model;
using MockDatabricks.Services.Sql;

namespace MockDatabricks.Services;

/// <summary>Shapes the catalog tree as Unity Catalog's CatalogInfo, SchemaInfo and TableInfo.</summary>
public sealed class UnityCatalogMapper(WorkspaceCatalog catalog)
{
    private static readonly IReadOnlyDictionary<string, string> NoProperties = new Dictionary<string, string>();

    public CatalogInfo ToInfo(CatalogNode node) => new(
        node.Name, node.Name, node.Seed.Owner, node.Seed.Comment, "MANAGED_CATALOG", catalog.MetastoreId, "CATALOG", "OPEN",
        catalog.CreatedAt, node.Seed.Owner, catalog.CreatedAt, node.Seed.Owner, NoProperties, false);

    public SchemaInfo ToInfo(SchemaNode node)
    {
        var owner = catalog.FindCatalog(node.CatalogName)!.Seed.Owner;
        return new(node.Name, node.CatalogName, node.FullName, owner, node.Seed.Comment, "MANAGED_CATALOG", catalog.MetastoreId,
            StableId(node.FullName), catalog.CreatedAt, owner, catalog.CreatedAt, owner, NoProperties, false);
    }

    public TableInfo ToInfo(TableNode node)
    {
        var owner = catalog.FindCatalog(node.CatalogName)!.Seed.Owner;
        var columns = node.Seed.Columns.Select((c, i) => ToColumn(c, i, node.Seed.PrimaryKey)).ToList();
        return new(node.Name, node.CatalogName, node.SchemaName, node.FullName, "MANAGED", "DELTA", columns, owner, node.Seed.Comment,
            StableId(node.FullName), catalog.MetastoreId, $"s3://mock-workspace-root/tables/{StableId(node.FullName)}",
            catalog.CreatedAt, owner, catalog.CreatedAt, owner, NoProperties, false);
    }

    private static ColumnInfo ToColumn(ColumnSeed column, int position, string? primaryKey)
    {
        var type = DatabricksTypes.Parse(column.Type);
        var nullable = !string.Equals(column.Name, primaryKey, StringComparison.Ordinal);
        var typeJson = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["name"] = column.Name,
            ["type"] = type.TypeName switch { "LONG" => "long", "INT" => "integer", "SHORT" => "short", "BYTE" => "byte", _ => type.CatalogTypeText },
            ["nullable"] = nullable,
            ["metadata"] = new Dictionary<string, object>(),
        });
        return new(column.Name, type.TypeName, type.CatalogTypeText, typeJson, position, nullable, null, type.Precision, type.Scale);
    }

    /// <summary>A UUID derived from the name, so ids stay the same across restarts.</summary>
    private static string StableId(string name) => new Guid(SHA256.HashData(Encoding.UTF8.GetBytes(name)).AsSpan(0, 16)).ToString();
}
