namespace Databricks.Client;

/// <summary>The identity middleware's settings; binds from "Databricks:Identity".</summary>
public sealed class DatabricksIdentityOptions
{
    /// <summary>How long a resolved identity is reused for the same token. Zero turns the cache off.</summary>
    public TimeSpan CacheDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Most identities the cache keeps at once.</summary>
    public int CacheSizeLimit { get; set; } = 10_000;

    /// <summary>Routes that need no token (exact paths, case-insensitive).</summary>
    public IList<string> PublicPaths { get; } = ["/health", "/alive", "/openapi/v1.json"];

    /// <summary>The retry_after sent with WORKSPACE_UNAVAILABLE when the workspace gave none.</summary>
    public TimeSpan UnavailableRetryAfter { get; set; } = TimeSpan.FromSeconds(5);
}
