namespace Databricks.Client;

/// <summary>A Unity Catalog table or view; <see cref="FullName"/> is <c>catalog.schema.table</c>.</summary>
public sealed record TableInfo(
    string Name,
    string? CatalogName,
    string? SchemaName,
    string? FullName,
    string? TableType,
    string? DataSourceFormat,
    IReadOnlyList<ColumnInfo>? Columns,
    string? Owner,
    string? Comment,
    long? CreatedAt,
    string? CreatedBy,
    long? UpdatedAt,
    string? UpdatedBy,
    string? StorageLocation,
    string? ViewDefinition,
    IReadOnlyDictionary<string, string>? Properties,
    bool? BrowseOnly);

/// <summary>A table column; <see cref="Position"/> is 0-based.</summary>
public sealed record ColumnInfo(
    string Name,
    string? TypeName,
    string? TypeText,
    int? Position,
    bool? Nullable,
    string? Comment,
    int? TypePrecision,
    int? TypeScale,
    int? PartitionIndex);
