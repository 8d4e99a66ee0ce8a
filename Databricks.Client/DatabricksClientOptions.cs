namespace Databricks.Client;

/// <summary>Where the workspace is. Filled from DATABRICKS_HOST or the "databricks" service reference.</summary>
public sealed class DatabricksClientOptions
{
    public Uri? Host { get; set; }
}
