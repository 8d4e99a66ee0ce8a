namespace MockDatabricks.Model;

public sealed record CatalogInfo(
    string Name,
    string FullName,
    string Owner,
    string? Comment,
    string CatalogType,
    string MetastoreId,
    string SecurableType,
    string IsolationMode,
    long CreatedAt,
    string CreatedBy,
    long UpdatedAt,
    string UpdatedBy,
    IReadOnlyDictionary<string, string> Properties,
    bool BrowseOnly);

public sealed record SchemaInfo(
    string Name,
    string CatalogName,
    string FullName,
    string Owner,
    string? Comment,
    string CatalogType,
    string MetastoreId,
    string SchemaId,
    long CreatedAt,
    string CreatedBy,
    long UpdatedAt,
    string UpdatedBy,
    IReadOnlyDictionary<string, string> Properties,
    bool BrowseOnly);

public sealed record TableInfo(
    string Name,
    string CatalogName,
    string SchemaName,
    string FullName,
    string TableType,
    string DataSourceFormat,
    IReadOnlyList<ColumnInfo> Columns,
    string Owner,
    string? Comment,
    string TableId,
    string MetastoreId,
    string StorageLocation,
    long CreatedAt,
    string CreatedBy,
    long UpdatedAt,
    string UpdatedBy,
    IReadOnlyDictionary<string, string> Properties,
    bool BrowseOnly);

public sealed record ColumnInfo(
    string Name,
    string TypeName,
    string TypeText,
    string TypeJson,
    int Position,
    bool Nullable,
    string? Comment = null,
    int? TypePrecision = null,
    int? TypeScale = null);

public sealed record CatalogList(IReadOnlyList<CatalogInfo> Catalogs, string? NextPageToken);

public sealed record SchemaList(IReadOnlyList<SchemaInfo> Schemas, string? NextPageToken);

public sealed record TableList(IReadOnlyList<TableInfo> Tables, string? NextPageToken);
