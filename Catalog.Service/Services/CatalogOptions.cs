namespace Catalog.Service.Services;

/// <summary>
/// The catalog service's settings. The workspace defaults bind from "Databricks" (<c>Databricks:WarehouseId</c>,
/// <c>Databricks:DefaultCatalog</c>, <c>Databricks:DefaultSchema</c>, or DATABRICKS_WAREHOUSE_ID); the rest from "Catalog".
/// </summary>
public sealed class CatalogOptions
{
    public string? WarehouseId { get; set; }

    public string? DefaultCatalog { get; set; }

    public string? DefaultSchema { get; set; }

    /// <summary>The query limit when neither the request nor the caller's preferences give one.</summary>
    public int DefaultPageSize { get; set; } = 100;

    /// <summary>How long one query may run before it is cancelled and answered with 503 QUERY_TIMEOUT.</summary>
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The service name of lakebase-api, as the AppHost's reference names it.</summary>
    public string LakebaseService { get; set; } = "lakebase-api";

    /// <summary>How long a preference read may take before the service goes on with configuration.</summary>
    public TimeSpan PreferencesTimeout { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long a table's row count (per user, table and filter) is reused across pages.</summary>
    public TimeSpan RowCountLifetime { get; set; } = TimeSpan.FromSeconds(30);
}
