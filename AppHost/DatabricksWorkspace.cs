namespace AppHost;

/// <summary>
/// The workspace the services call: the mock (a project of this app), or a real workspace in live mode, which the
/// services reach through Aspire's external-service reference. Either way each service sees <c>services:databricks:*</c>.
/// </summary>
public sealed class DatabricksWorkspace
{
    private readonly IResourceBuilder<ProjectResource>? _mock;
    private readonly IResourceBuilder<ExternalServiceResource>? _remote;

    internal DatabricksWorkspace(IResourceBuilder<ProjectResource> mock, string warehouseId)
    {
        _mock = mock;
        WarehouseId = warehouseId;
    }

    internal DatabricksWorkspace(
        IResourceBuilder<ExternalServiceResource> remote,
        string? warehouseId,
        string? lakebaseInstance,
        IReadOnlyDictionary<string, IResourceBuilder<ParameterResource>> appCredentials)
    {
        _remote = remote;
        WarehouseId = warehouseId;
        LakebaseInstance = lakebaseInstance;
        AppCredentials = appCredentials;
    }

    public bool IsLive => _remote is not null;

    /// <summary>The SQL warehouse that runs the catalog queries; null when live mode names none.</summary>
    public string? WarehouseId { get; }

    /// <summary>The Lakebase instance whose minted credentials the services log in with (live mode only).</summary>
    public string? LakebaseInstance { get; }

    /// <summary>The app's own workspace credential, by environment variable, as secret parameters (live mode only).</summary>
    public IReadOnlyDictionary<string, IResourceBuilder<ParameterResource>> AppCredentials { get; } =
        new Dictionary<string, IResourceBuilder<ParameterResource>>();

    /// <summary>The mock, for those who add to it (tests); null in live mode.</summary>
    public IResourceBuilder<ProjectResource>? Mock => _mock;

    internal IResourceBuilder<ProjectResource> AddReferenceTo(IResourceBuilder<ProjectResource> service) =>
        _mock is not null ? service.WithReference(_mock) : service.WithReference(_remote!);
}
