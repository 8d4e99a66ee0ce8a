using System.Runtime.CompilerServices;

namespace Databricks.Client;

/// <summary>
/// Unity Catalog reads under <c>/api/2.1/unity-catalog</c>. The list methods follow <c>next_page_token</c> until it is
/// absent or empty, through empty pages too. <c>max_results</c> 0 lets the server choose the page size (facts §4.1).
/// </summary>
public sealed class UnityCatalogClient
{
    private const string BasePath = "/api/2.1/unity-catalog";
    private readonly DatabricksTransport _transport;

    internal UnityCatalogClient(DatabricksTransport transport) => _transport = transport;

    public IAsyncEnumerable<CatalogInfo> ListCatalogsAsync(
        DatabricksToken token, int maxResults = 0, CancellationToken cancellationToken = default) =>
        ListAllAsync(pageToken => ListCatalogsPageAsync(token, pageToken, maxResults, cancellationToken), cancellationToken);

    public async Task<UnityCatalogPage<CatalogInfo>> ListCatalogsPageAsync(
        DatabricksToken token, string? pageToken = null, int maxResults = 0, CancellationToken cancellationToken = default)
    {
        var page = await _transport.SendForJsonAsync<CatalogsPage>(
            DatabricksRequest.Get($"{BasePath}/catalogs?{PageQuery(pageToken, maxResults)}"), token, cancellationToken);
        return new(page.Catalogs ?? [], page.NextPageToken);
    }

    public Task<CatalogInfo> GetCatalogAsync(DatabricksToken token, string name, CancellationToken cancellationToken = default) =>
        _transport.SendForJsonAsync<CatalogInfo>(DatabricksRequest.Get($"{BasePath}/catalogs/{Segment(name)}"), token, cancellationToken);

    public IAsyncEnumerable<SchemaInfo> ListSchemasAsync(
        DatabricksToken token, string catalogName, int maxResults = 0, CancellationToken cancellationToken = default) =>
        ListAllAsync(pageToken => ListSchemasPageAsync(token, catalogName, pageToken, maxResults, cancellationToken), cancellationToken);

    public async Task<UnityCatalogPage<SchemaInfo>> ListSchemasPageAsync(
        DatabricksToken token, string catalogName, string? pageToken = null, int maxResults = 0, CancellationToken cancellationToken = default)
    {
        var query = $"catalog_name={Query(catalogName)}&{PageQuery(pageToken, maxResults)}";
        var page = await _transport.SendForJsonAsync<SchemasPage>(DatabricksRequest.Get($"{BasePath}/schemas?{query}"), token, cancellationToken);
        return new(page.Schemas ?? [], page.NextPageToken);
    }

    /// <param name="fullName"><c>catalog.schema</c>.</param>
    public Task<SchemaInfo> GetSchemaAsync(DatabricksToken token, string fullName, CancellationToken cancellationToken = default) =>
        _transport.SendForJsonAsync<SchemaInfo>(DatabricksRequest.Get($"{BasePath}/schemas/{Segment(fullName)}"), token, cancellationToken);

    public IAsyncEnumerable<TableInfo> ListTablesAsync(
        DatabricksToken token, string catalogName, string schemaName, int maxResults = 0, CancellationToken cancellationToken = default) =>
        ListAllAsync(
            pageToken => ListTablesPageAsync(token, catalogName, schemaName, pageToken, maxResults, cancellationToken), cancellationToken);

    public async Task<UnityCatalogPage<TableInfo>> ListTablesPageAsync(
        DatabricksToken token,
        string catalogName,
        string schemaName,
        string? pageToken = null,
        int maxResults = 0,
        CancellationToken cancellationToken = default)
    {
        var query = $"catalog_name={Query(catalogName)}&schema_name={Query(schemaName)}&{PageQuery(pageToken, maxResults)}";
        var page = await _transport.SendForJsonAsync<TablesPage>(DatabricksRequest.Get($"{BasePath}/tables?{query}"), token, cancellationToken);
        return new(page.Tables ?? [], page.NextPageToken);
    }

    /// <param name="fullName"><c>catalog.schema.table</c>.</param>
    public Task<TableInfo> GetTableAsync(DatabricksToken token, string fullName, CancellationToken cancellationToken = default) =>
        _transport.SendForJsonAsync<TableInfo>(DatabricksRequest.Get($"{BasePath}/tables/{Segment(fullName)}"), token, cancellationToken);

    private static async IAsyncEnumerable<T> ListAllAsync<T>(
        Func<string?, Task<UnityCatalogPage<T>>> fetchPage, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? pageToken = null;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            var page = await fetchPage(pageToken);
            foreach (var item in page.Items)
            {
                yield return item;
            }

            pageToken = page.NextPageToken;
        }
        while (!string.IsNullOrEmpty(pageToken));
    }

    private static string PageQuery(string? pageToken, int maxResults)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxResults);
        var query = $"max_results={maxResults}";
        return string.IsNullOrEmpty(pageToken) ? query : $"{query}&page_token={Query(pageToken)}";
    }

    private static string Segment(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Uri.EscapeDataString(name);
    }

    private static string Query(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        return Uri.EscapeDataString(value);
    }

    private sealed record CatalogsPage(IReadOnlyList<CatalogInfo>? Catalogs, string? NextPageToken);

    private sealed record SchemasPage(IReadOnlyList<SchemaInfo>? Schemas, string? NextPageToken);

    private sealed record TablesPage(IReadOnlyList<TableInfo>? Tables, string? NextPageToken);
}
