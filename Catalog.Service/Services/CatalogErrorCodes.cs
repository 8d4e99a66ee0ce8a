namespace Catalog.Service.Services;

/// <summary>The <c>error_code</c> values of the catalog service (api-contract.md §3).</summary>
public static class CatalogErrorCodes
{
    public const string InvalidQuery = "INVALID_QUERY";
    public const string PermissionDenied = "CATALOG_PERMISSION_DENIED";
    public const string CatalogNotFound = "CATALOG_NOT_FOUND";
    public const string SchemaNotFound = "SCHEMA_NOT_FOUND";
    public const string TableNotFound = "TABLE_NOT_FOUND";
    public const string WarehouseUnavailable = "WAREHOUSE_UNAVAILABLE";
    public const string QueryTimeout = "QUERY_TIMEOUT";
    public const string WorkspaceNotConfigured = "WORKSPACE_NOT_CONFIGURED";
    public const string WorkspaceUnavailable = "WORKSPACE_UNAVAILABLE";
    public const string AuthInvalid = "AUTH_INVALID";
}
