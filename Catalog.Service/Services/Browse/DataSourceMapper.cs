using Catalog.Service.Model;
using Databricks.Client;

namespace Catalog.Service.Services.Browse;

/// <summary>Unity Catalog's TableInfo as the contract's DataSource.</summary>
public static class DataSourceMapper
{
    public static DataSource ToDataSource(TableInfo table, string catalog, string schema)
    {
        var catalogName = table.CatalogName ?? catalog;
        var schemaName = table.SchemaName ?? schema;
        var columns = (table.Columns ?? [])
            .OrderBy(c => c.Position ?? int.MaxValue)
            .Select((c, i) => new DataSourceColumn(c.Name, c.TypeName, c.TypeText, c.Nullable ?? true, c.Position ?? i, c.Comment))
            .ToList();
        return new DataSource(
            catalogName,
            schemaName,
            table.Name,
            table.FullName ?? $"{catalogName}.{schemaName}.{table.Name}",
            table.TableType,
            table.DataSourceFormat,
            table.Owner,
            table.Comment,
            columns,
            FromEpochMilliseconds(table.CreatedAt),
            FromEpochMilliseconds(table.UpdatedAt));
    }

    private static DateTime? FromEpochMilliseconds(long? milliseconds) =>
        milliseconds is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value).UtcDateTime : null;
}
