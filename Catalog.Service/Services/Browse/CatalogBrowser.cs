using Catalog.Service.Model;
using Databricks.Client;

namespace Catalog.Service.Services.Browse;

/// <summary>
/// Unity Catalog listings as the caller sees them: every call carries the caller's token and follows the workspace's
/// page tokens to the end, and the result is sorted by name (ordinal) so that the service's own paging is stable.
/// </summary>
public sealed class CatalogBrowser(UnityCatalogClient unityCatalog)
{
    public async Task<List<string>> CatalogNamesAsync(DatabricksToken token, CancellationToken cancellationToken) =>
        Sorted(await unityCatalog.ListCatalogsAsync(token, cancellationToken: cancellationToken).Select(c => c.Name).ToListAsync(cancellationToken));

    public async Task<List<string>> SchemaNamesAsync(DatabricksToken token, string catalog, CancellationToken cancellationToken) =>
        Sorted(await unityCatalog.ListSchemasAsync(token, catalog, cancellationToken: cancellationToken).Select(s => s.Name).ToListAsync(cancellationToken));

    public async Task<List<TableInfo>> TablesAsync(DatabricksToken token, string catalog, string schema, CancellationToken cancellationToken)
    {
        var tables = await unityCatalog.ListTablesAsync(token, catalog, schema, cancellationToken: cancellationToken).ToListAsync(cancellationToken);
        tables.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return tables;
    }

    public async Task<DataSource> TableAsync(DatabricksToken token, TableName name, CancellationToken cancellationToken) =>
        DataSourceMapper.ToDataSource(await TableInfoAsync(token, name, cancellationToken), name.Catalog, name.Schema);

    public Task<TableInfo> TableInfoAsync(DatabricksToken token, TableName name, CancellationToken cancellationToken) =>
        unityCatalog.GetTableAsync(token, name.FullName, cancellationToken);

    private static List<string> Sorted(List<string> names)
    {
        names.Sort(StringComparer.Ordinal);
        return names;
    }
}
