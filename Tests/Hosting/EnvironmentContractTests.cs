using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Tests.Support;
using Xunit.Abstractions;

namespace Tests.Hosting;

/// <summary>
/// What each service's process really received from the AppHost (read from /proc): Aspire's environment contract for
/// our references, and our own launch shape (<c>AsLocalService</c>: <c>dotnet exec</c> of the build output, from the
/// project's folder).
/// </summary>
public sealed class EnvironmentContractTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    public static TheoryData<string> Services =>
        [Resources.Databricks, Resources.LakebaseApi, Resources.CatalogApi, Resources.ModelServingApi, Resources.LakebaseApiWithoutDatabase,
            Resources.ModelServingApiWithoutDatabase];

    private Task<IReadOnlyDictionary<string, string>> EnvironmentOf(string resource) => App.GetProcessEnvironmentAsync(resource);

    private string EndpointOf(string resource) => App.GetEndpoint(resource, "http").ToString().TrimEnd('/');

    [Fact]
    public async Task A_service_listens_where_its_endpoint_says()
    {
        var environment = await EnvironmentOf(Resources.LakebaseApi);

        environment["ASPNETCORE_URLS"].Should().Be(EndpointOf(Resources.LakebaseApi));
        environment["ASPNETCORE_ENVIRONMENT"].Should().Be("Development", "a service runs in the AppHost's environment, as its launch profile would say");
        using var client = new HttpClient { BaseAddress = new Uri(environment["ASPNETCORE_URLS"]) };
        (await client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task A_service_names_itself_in_telemetry_and_knows_where_to_send_it(string service)
    {
        var environment = await EnvironmentOf(service);

        environment["OTEL_SERVICE_NAME"].Should().Be(service);
        environment["OTEL_RESOURCE_ATTRIBUTES"].Should().StartWith("service.instance.id=");
        Uri.TryCreate(environment["OTEL_EXPORTER_OTLP_ENDPOINT"], UriKind.Absolute, out var otlp).Should().BeTrue();
        otlp!.IsLoopback.Should().BeTrue("the dashboard the AppHost runs receives it");
        environment.Should().ContainKey("OTEL_EXPORTER_OTLP_PROTOCOL");
    }

    [Fact]
    public async Task A_database_reference_gives_the_connection_string_and_its_properties()
    {
        var environment = await EnvironmentOf(Resources.LakebaseApi);
        var connectionString = await App.GetConnectionStringAsync("lakebase");
        var parts = new NpgsqlConnectionStringBuilder(connectionString);

        environment["ConnectionStrings__lakebase"].Should().Be(connectionString);
        connectionString.Should().MatchRegex("^Host=localhost;Port=[0-9]+;Username=postgres;Password=[A-Za-z0-9]{22,};Database=lakebase$");
        environment["LAKEBASE_HOST"].Should().Be("localhost");
        environment["LAKEBASE_PORT"].Should().Be(parts.Port.ToString(CultureInfo.InvariantCulture));
        environment["LAKEBASE_USERNAME"].Should().Be("postgres");
        environment["LAKEBASE_PASSWORD"].Should().Be(parts.Password);
        environment["LAKEBASE_DATABASENAME"].Should().Be("lakebase");
        environment["LAKEBASE_URI"].Should().Be($"postgresql://postgres:{parts.Password}@localhost:{parts.Port}/lakebase");
        (await EnvironmentOf(Resources.ModelServingApi))["ConnectionStrings__lakebase"].Should().Be(connectionString, "both reference the same database");
    }

    [Fact]
    public async Task A_service_reference_gives_service_discovery_entries()
    {
        var lakebaseApi = await EnvironmentOf(Resources.LakebaseApi);
        var catalogApi = await EnvironmentOf(Resources.CatalogApi);
        var modelServingApi = await EnvironmentOf(Resources.ModelServingApi);
        var databricks = EndpointOf(Resources.Databricks);

        lakebaseApi["services__databricks__http__0"].Should().Be(databricks);
        lakebaseApi["DATABRICKS_HTTP"].Should().Be(databricks);
        catalogApi["services__databricks__http__0"].Should().Be(databricks);
        catalogApi["services__lakebase-api__http__0"].Should().Be(EndpointOf(Resources.LakebaseApi));
        catalogApi["LAKEBASE_API_HTTP"].Should().Be(EndpointOf(Resources.LakebaseApi));
        modelServingApi["services__catalog-api__http__0"].Should().Be(EndpointOf(Resources.CatalogApi));
        modelServingApi["CATALOG_API_HTTP"].Should().Be(EndpointOf(Resources.CatalogApi));
    }

    [Fact]
    public async Task A_service_receives_only_what_it_references()
    {
        var lakebaseApi = await EnvironmentOf(Resources.LakebaseApi);
        var catalogApi = await EnvironmentOf(Resources.CatalogApi);
        var modelServingApi = await EnvironmentOf(Resources.ModelServingApi);
        var withoutDatabase = await EnvironmentOf(Resources.LakebaseApiWithoutDatabase);

        lakebaseApi.Keys.Should().NotContain(k => k.StartsWith("ConnectionStrings__warehouse", StringComparison.Ordinal) || k.StartsWith("WAREHOUSE_", StringComparison.Ordinal));
        lakebaseApi.Keys.Should().NotContain(k => k.StartsWith("services__catalog-api", StringComparison.Ordinal) || k.StartsWith("CATALOG_API_", StringComparison.Ordinal));
        catalogApi.Keys.Should().NotContain(k => k.StartsWith("ConnectionStrings__", StringComparison.Ordinal) || k.StartsWith("LAKEBASE_", StringComparison.Ordinal) && k != "LAKEBASE_API_HTTP");
        modelServingApi.Keys.Should().NotContain(k => k.StartsWith("services__lakebase-api", StringComparison.Ordinal) || k.StartsWith("LAKEBASE_API_", StringComparison.Ordinal));
        withoutDatabase.Keys.Should().NotContain(k => k.StartsWith("ConnectionStrings__", StringComparison.Ordinal) || k.StartsWith("LAKEBASE_", StringComparison.Ordinal));
        withoutDatabase["services__databricks__http__0"].Should().Be(EndpointOf(Resources.Databricks));
    }

    [Fact]
    public async Task The_mock_has_its_control_API_and_the_warehouse()
    {
        var databricks = await EnvironmentOf(Resources.Databricks);

        databricks["Mock__EnableControlApi"].Should().Be("true");
        databricks["ConnectionStrings__warehouse"].Should().Be(await App.GetConnectionStringAsync("warehouse"));
        databricks.Keys.Should().NotContain(k => k.StartsWith("ConnectionStrings__lakebase", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Each_service_runs_its_own_build_output_from_its_own_project_folder(string service)
    {
        var project = App.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ProjectResource>().Single(r => r.Name == service);
        var projectPath = project.GetProjectMetadata().ProjectPath;
        var projectDirectory = Path.GetDirectoryName(projectPath)!;
        var configuration = typeof(AppHost.LocalServiceExtensions).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
        var pid = (await App.GetPidAsync(service))!.Value;

        var commandLine = (await File.ReadAllTextAsync($"/proc/{pid}/cmdline")).Split('\0', StringSplitOptions.RemoveEmptyEntries);
        var workingDirectory = new DirectoryInfo($"/proc/{pid}/cwd").ResolveLinkTarget(returnFinalTarget: true)!.FullName;

        workingDirectory.Should().Be(projectDirectory);
        commandLine.Should().HaveCount(3);
        Path.GetFileName(commandLine[0]).Should().Be("dotnet");
        commandLine[1].Should().Be("exec", "LaunchFromBuildOutput replaces DCP's 'dotnet run'");
        commandLine[2].Should().Be(Path.Combine(projectDirectory, "bin", configuration, "net10.0", Path.GetFileNameWithoutExtension(projectPath) + ".dll"));
        File.Exists(Path.Combine(projectDirectory, "appsettings.json")).Should().BeTrue("the service reads its own settings from there");
    }
}
