namespace Tests.Support;

/// <summary>
/// The workspace the live tests run against, from the test process's environment:
/// <list type="bullet">
/// <item>a real workspace: <c>DATABRICKS_HOST</c> and <c>DATABRICKS_TOKEN</c> (the tests' caller), with
/// <c>DATABRICKS_WAREHOUSE_ID</c>, <c>DATABRICKS_SERVING_ENDPOINT</c> and <c>DATABRICKS_LIVE_TABLE</c>
/// (<c>catalog.schema.table</c>) for the catalog and serving tests;</item>
/// <item><c>LIVE_WORKSPACE=mock</c>: the mock workspace, started apart from the app and given to it only by its URL, as
/// CI runs them;</item>
/// <item>neither: the live tests are skipped, with <see cref="SkipReason"/>.</item>
/// </list>
/// </summary>
public sealed record LiveWorkspace(
    bool IsMock,
    string? Host,
    string? Token,
    string? WarehouseId,
    string? ServingEndpoint,
    string? Table,
    string? SkipReason)
{
    public const string HostVariable = "DATABRICKS_HOST";
    public const string TokenVariable = "DATABRICKS_TOKEN";
    public const string WarehouseVariable = "DATABRICKS_WAREHOUSE_ID";
    public const string ServingEndpointVariable = "DATABRICKS_SERVING_ENDPOINT";
    public const string TableVariable = "DATABRICKS_LIVE_TABLE";
    public const string ModeVariable = "LIVE_WORKSPACE";

    /// <summary>What a real workspace's Lakebase needs, passed on to the AppHost as set in the test's environment.</summary>
    private static readonly string[] LakebaseVariables =
        ["LAKEBASE_INSTANCE_NAME", "ConnectionStrings__lakebase", "DATABRICKS_CLIENT_ID", "DATABRICKS_CLIENT_SECRET"];

    public static LiveWorkspace Current { get; } = FromEnvironment(Environment.GetEnvironmentVariable);

    /// <summary>The Lakebase settings of a real workspace as AppHost arguments (<c>LAKEBASE_INSTANCE_NAME</c> and the rest).</summary>
    public static IEnumerable<string> PassedThrough() => LakebaseVariables
        .Where(name => !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(name)))
        .Select(name => $"{name.Replace("__", ":", StringComparison.Ordinal)}={Environment.GetEnvironmentVariable(name)}");

    public static LiveWorkspace FromEnvironment(Func<string, string?> variable)
    {
        string? Read(string name) => variable(name) is { Length: > 0 } value ? value.Trim() : null;

        if (Read(HostVariable) is { } host)
        {
            var token = Read(TokenVariable);
            return new LiveWorkspace(false, host, token, Read(WarehouseVariable), Read(ServingEndpointVariable), Read(TableVariable),
                token is null ? $"{HostVariable} is set but {TokenVariable} is not: the live tests call the workspace as the owner of that token." : null);
        }

        if (string.Equals(Read(ModeVariable), "mock", StringComparison.OrdinalIgnoreCase))
        {
            // The mock's seeded user, warehouse, a small table alice may read, and a chat endpoint.
            return new LiveWorkspace(true, null, "mock-token-alice", "mock-warehouse", "chat-assistant", "samples.tpch.region", null);
        }

        return new LiveWorkspace(false, null, null, null, null, null,
            $"No workspace configured: set {HostVariable} and {TokenVariable} for a real workspace, or {ModeVariable}=mock to use the mock as one.");
    }
}

/// <summary>
/// A test of the live suite: it runs against <see cref="LiveWorkspace.Current"/>, and is skipped when there is none, or
/// when a setting it <paramref name="needs"/> (<c>DATABRICKS_LIVE_TABLE</c>, <c>DATABRICKS_SERVING_ENDPOINT</c>) is not set.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LiveFactAttribute : FactAttribute
{
    public LiveFactAttribute(params string[] needs)
    {
        var workspace = LiveWorkspace.Current;
        var missing = needs.Where(need => need switch
        {
            LiveWorkspace.TableVariable => workspace.Table is null,
            LiveWorkspace.ServingEndpointVariable => workspace.ServingEndpoint is null,
            _ => throw new ArgumentException($"No live setting is called {need}.", nameof(needs)),
        }).ToList();
        if (workspace.SkipReason is { } reason)
        {
            Skip = reason;
        }
        else if (missing.Count > 0)
        {
            Skip = $"Set {string.Join(" and ", missing)} for this live test.";
        }
    }
}

/// <summary>A live test that looks behind the workspace (its PostgreSQL), which only the mock lets it do.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class LiveMockFactAttribute : FactAttribute
{
    public LiveMockFactAttribute()
    {
        if (LiveWorkspace.Current.SkipReason is { } reason)
        {
            Skip = reason;
        }
        else if (!LiveWorkspace.Current.IsMock)
        {
            Skip = "This test inspects the workspace's own PostgreSQL, which only the mock workspace exposes.";
        }
    }
}
