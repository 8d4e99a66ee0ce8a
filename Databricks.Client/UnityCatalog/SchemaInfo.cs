namespace Databricks.Client;

/// <summary>A Unity Catalog schema; <see cref="FullName"/> is <c>catalog.schema</c>.</summary>
public sealed record SchemaInfo(
    string Name,
    string? CatalogName,
    string? FullName,
    string? Owner,
    string? Comment,
    long? CreatedAt,
    string? CreatedBy,
    long? UpdatedAt,
    string? UpdatedBy,
    bool? BrowseOnly);
