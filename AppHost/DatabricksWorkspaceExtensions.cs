using Aspire.Hosting;

namespace AppHost;

public static class DatabricksWorkspaceExtensions
{
    /// <summary>The workspace URL; set, it switches the app to live mode and leaves the mock out.</summary>
    public const string HostSetting = "DATABRICKS_HOST";

    /// <summary>The SQL warehouse of a live workspace.</summary>
    public const string WarehouseSetting = "DATABRICKS_WAREHOUSE_ID";

    /// <summary>The Lakebase instance of a live workspace; set, the services log in to Lakebase with minted credentials.</summary>
    public const string LakebaseInstanceSetting = "LAKEBASE_INSTANCE_NAME";

    /// <summary>The app's own credential (a PAT, or a service principal's OAuth client), used only to mint Lakebase credentials.</summary>
    private static readonly string[] AppCredentialSettings = ["DATABRICKS_TOKEN", "DATABRICKS_CLIENT_ID", "DATABRICKS_CLIENT_SECRET"];

    /// <summary>The mock's one warehouse (MockDatabricks/reference-data.json).</summary>
    public const string MockWarehouseId = "mock-warehouse";

    /// <summary>
    /// A real workspace when <c>DATABRICKS_HOST</c> is configured (live mode); otherwise the mock workspace, with its
    /// lakehouse tables in a <c>warehouse</c> database of <paramref name="postgres"/>. Services authenticate every call
    /// with their caller's token, so the AppHost hands them no workspace credential.
    /// </summary>
    public static DatabricksWorkspace AddDatabricksWorkspace(this IDistributedApplicationBuilder builder, [ResourceName] string name, PostgresServer postgres)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentNullException.ThrowIfNull(postgres);

        if (builder.Configuration[HostSetting] is { Length: > 0 } host)
        {
            var remote = builder.AddExternalService(name, WorkspaceUrl(host));
            var lakebaseInstance = Setting(builder, LakebaseInstanceSetting);
            var appCredentials = lakebaseInstance is null
                ? new Dictionary<string, IResourceBuilder<ParameterResource>>()
                : AppCredentialSettings.Where(setting => Setting(builder, setting) is not null).ToDictionary(
                    setting => setting,
                    setting => builder.AddParameterFromConfiguration(setting.ToLowerInvariant().Replace('_', '-'), setting, secret: true));
            return new DatabricksWorkspace(remote, Setting(builder, WarehouseSetting), lakebaseInstance, appCredentials);
        }

        var warehouseDb = postgres.AddDatabase("warehouse");
        var mock = builder.AddProject<Projects.MockDatabricks>(name)
            .AsLocalService()
            .WithReference(warehouseDb)
            .WaitFor(warehouseDb)
            .WithEnvironment("Mock__EnableControlApi", "true");
        return new DatabricksWorkspace(mock, MockWarehouseId);
    }

    /// <summary>The workspace as a service reference (<c>services:databricks:*</c>), whichever kind it is.</summary>
    public static IResourceBuilder<ProjectResource> WithReference(this IResourceBuilder<ProjectResource> service, DatabricksWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return workspace.AddReferenceTo(service);
    }

    /// <summary>The workspace's SQL warehouse as <c>Databricks:WarehouseId</c>, for the service that runs queries.</summary>
    public static IResourceBuilder<ProjectResource> WithWarehouse(this IResourceBuilder<ProjectResource> service, DatabricksWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        return workspace.WarehouseId is { } warehouseId ? service.WithEnvironment("Databricks__WarehouseId", warehouseId) : service;
    }

    /// <summary>
    /// For a service with a Lakebase database: in live mode with <c>LAKEBASE_INSTANCE_NAME</c>, the instance
    /// (<c>Lakebase:InstanceName</c>) and the app's own credential, with which the service mints its Lakebase passwords.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithLakebaseCredentials(this IResourceBuilder<ProjectResource> service, DatabricksWorkspace workspace)
    {
        ArgumentNullException.ThrowIfNull(workspace);
        if (workspace.LakebaseInstance is not { } instance)
        {
            return service;
        }

        service.WithEnvironment("Lakebase__InstanceName", instance);
        foreach (var (variable, parameter) in workspace.AppCredentials)
        {
            service.WithEnvironment(variable, parameter);
        }

        return service;
    }

    private static string? Setting(IDistributedApplicationBuilder builder, string name) =>
        builder.Configuration[name] is { Length: > 0 } value ? value : null;

    /// <summary>DATABRICKS_HOST as the SDKs read it: https:// when no scheme is given, no path, no trailing slash.</summary>
    internal static Uri WorkspaceUrl(string host)
    {
        var text = host.Trim().TrimEnd('/');
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "https://" + text;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new DistributedApplicationException($"{HostSetting} is not a workspace URL: give it as https://<workspace-host>.");
        }

        return new Uri(uri.GetLeftPart(UriPartial.Authority) + "/");
    }
}
