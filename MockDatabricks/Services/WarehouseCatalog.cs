using MockDatabricks.Infrastructure;
using MockDatabricks.Model;

namespace MockDatabricks.Services;

/// <summary>The SQL warehouses of the workspace (one, <c>mock-warehouse</c>), always RUNNING.</summary>
public sealed class WarehouseCatalog(ReferenceData data, WarehouseDatabase database, PrincipalDirectory principals)
{
    public IReadOnlyList<WarehouseInfo> All => data.Warehouses.Select(ToInfo).ToList();

    public WarehouseInfo? Find(string id) =>
        data.Warehouses.FirstOrDefault(w => string.Equals(w.Id, id, StringComparison.Ordinal)) is { } seed ? ToInfo(seed) : null;

    private WarehouseInfo ToInfo(WarehouseSeed seed) => new(
        seed.Id, seed.Name, "RUNNING", seed.ClusterSize, "PRO", true, 1, 1, 10,
        principals.All.FirstOrDefault(p => p.Groups.Contains("admins"))?.UserName ?? "admin",
        new OdbcParams(database.Host, $"/sql/1.0/warehouses/{seed.Id}", 443, "https"));
}
