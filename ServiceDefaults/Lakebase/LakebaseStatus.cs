namespace ServiceDefaults.Lakebase;

/// <summary>
/// Whether this deployment has a Lakebase database. Without one the service still starts and stays healthy, and the
/// routes that need it answer 503 <c>LAKEBASE_NOT_CONFIGURED</c> (api-contract.md §2 and §5).
/// </summary>
/// <param name="ConnectionName">The name under <c>ConnectionStrings</c> that was looked up.</param>
/// <param name="IsConfigured">True when that connection string is present.</param>
public sealed record LakebaseStatus(string ConnectionName, bool IsConfigured);
