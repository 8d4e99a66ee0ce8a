namespace Catalog.Service.Model;

/// <summary>A table as <c>/tables</c> describes it (api-contract.md §3).</summary>
public sealed record DataSource(
    string CatalogName,
    string SchemaName,
    string TableName,
    string FullName,
    string? TableType,
    string? DataSourceFormat,
    string? Owner,
    string? Comment,
    IReadOnlyList<DataSourceColumn> Columns,
    DateTime? CreatedAt,
    DateTime? UpdatedAt);

public sealed record DataSourceColumn(string Name, string? DataType, string? TypeText, bool Nullable, int Position, string? Comment);

/// <summary>The coordinates of the table a query read.</summary>
public sealed record TableCoordinates(string CatalogName, string SchemaName, string TableName, string FullName);
