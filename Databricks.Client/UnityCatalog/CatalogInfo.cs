namespace Databricks.Client;

/// <summary>A Unity Catalog catalog; timestamps are epoch milliseconds.</summary>
public sealed record CatalogInfo(
    string Name,
    string? FullName,
    string? Owner,
    string? Comment,
    string? CatalogType,
    long? CreatedAt,
    string? CreatedBy,
    long? UpdatedAt,
    string? UpdatedBy,
    bool? BrowseOnly);
