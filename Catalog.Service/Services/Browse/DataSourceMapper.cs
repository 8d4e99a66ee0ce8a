using Catalog.Service.Model;
using Databricks.Client;

namespace Catalog.Service.Services.Browse;

/// <summary>Unity Catalog's TableInfo as the contract's DataSource.</summary>
public static class DataSourceMapper
{
    /// <param name="catalog">The catalog the caller named: Unity Catalog resolves names as given, so they are the table's.</param>
    /// <param name="schema">The schema the caller named.</param>
    public static DataSource ToDataSource(TableInfo table, string catalog, string schema)
    {
        var columns = (table.Columns ?? [])
            .OrderBy(c => c.Position ?? int.MaxValue)
            .Select((c, i) => new DataSourceColumn(c.Name, c.TypeName, c.TypeText, c.Nullable ?? true, c.Position ?? i, c.Comment))
            .ToList();
        return new DataSource(
            catalog,
            schema,
            table.Name,
            $"{catalog}.{schema}.{table.Name}",
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
