using Npgsql;
using Tests.Support;
using Xunit.Abstractions;

namespace Tests.Hosting;

/// <summary>What a service receives is Aspire's contract (aspire-compat.md §2, §9.1), so a real Aspire AppHost could run it unchanged.</summary>
[Collection(TopologyCollection.Name)]
public sealed class EnvironmentContractTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    private IReadOnlyDictionary<string, string> LakebaseApi => App.GetResourceEnvironment("lakebase-api");

    [Fact]
    public void A_service_listens_where_its_endpoint_says()
    {
        LakebaseApi["ASPNETCORE_URLS"].Should().Be(App.GetEndpoint("lakebase-api").ToString().TrimEnd('/'));
        LakebaseApi["ASPNETCORE_ENVIRONMENT"].Should().Be("Development");
    }

    [Fact]
    public void A_service_names_itself_in_telemetry()
    {
        LakebaseApi["OTEL_SERVICE_NAME"].Should().Be("lakebase-api");
        LakebaseApi["OTEL_RESOURCE_ATTRIBUTES"].Should().MatchRegex("^service.instance.id=[a-z]{8}$");
        LakebaseApi["OTEL_BSP_SCHEDULE_DELAY"].Should().Be("1000");
        LakebaseApi["OTEL_BLRP_SCHEDULE_DELAY"].Should().Be("1000");
        LakebaseApi["OTEL_METRIC_EXPORT_INTERVAL"].Should().Be("1000");
        LakebaseApi["OTEL_TRACES_SAMPLER"].Should().Be("always_on");
        LakebaseApi["LOGGING__CONSOLE__FORMATTERNAME"].Should().Be("simple");
    }

    [Fact]
    public async Task A_database_reference_gives_the_connection_string_and_its_properties()
    {
        var connectionString = await App.GetConnectionStringAsync("lakebase");
        var parts = new NpgsqlConnectionStringBuilder(connectionString);

        LakebaseApi["ConnectionStrings__lakebase"].Should().Be(connectionString);
        connectionString.Should().MatchRegex("^Host=localhost;Port=[0-9]+;Username=postgres;Password=[A-Za-z0-9]{22,};Database=lakebase$");
        LakebaseApi["LAKEBASE_HOST"].Should().Be("localhost");
        LakebaseApi["LAKEBASE_PORT"].Should().Be(parts.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        LakebaseApi["LAKEBASE_USERNAME"].Should().Be("postgres");
        LakebaseApi["LAKEBASE_PASSWORD"].Should().Be(parts.Password);
        LakebaseApi["LAKEBASE_DATABASENAME"].Should().Be("lakebase");
        LakebaseApi["LAKEBASE_URI"].Should().Be($"postgresql://postgres:{parts.Password}@localhost:{parts.Port}/lakebase");
    }

    [Fact]
    public void A_service_reference_gives_service_discovery_entries()
    {
        var databricks = App.GetEndpoint("databricks").ToString().TrimEnd('/');

        LakebaseApi["services__databricks__http__0"].Should().Be(databricks);
        LakebaseApi["DATABRICKS_HTTP"].Should().Be(databricks);
        App.GetResourceEnvironment("catalog-api")["services__lakebase-api__http__0"]
            .Should().Be(App.GetEndpoint("lakebase-api").ToString().TrimEnd('/'));
        App.GetResourceEnvironment("catalog-api")["LAKEBASE_API_HTTP"].Should().NotBeNullOrEmpty();
    }

    [Fact]
    public void A_service_receives_only_what_it_references()
    {
        LakebaseApi.Keys.Should().NotContain(k => k.StartsWith("ConnectionStrings__warehouse", StringComparison.Ordinal));
        LakebaseApi.Keys.Should().NotContain(k => k.StartsWith("services__catalog-api", StringComparison.Ordinal));
        App.GetResourceEnvironment("catalog-api").Keys.Should().NotContain(k => k.StartsWith("ConnectionStrings__", StringComparison.Ordinal));
    }

    [Fact]
    public void The_mock_has_its_control_API_and_the_warehouse()
    {
        var databricks = App.GetResourceEnvironment("databricks");

        databricks["Mock__EnableControlApi"].Should().Be("true");
        databricks.Should().ContainKey("ConnectionStrings__warehouse");
    }

    [Fact]
    public void Each_service_has_its_own_content_root_with_its_own_settings()
    {
        var contentRoots = new[] { "lakebase-api", "catalog-api", "model-serving-api", "databricks" }
            .Select(name => App.GetResourceEnvironment(name)["ASPNETCORE_CONTENTROOT"])
            .ToList();

        contentRoots.Should().OnlyHaveUniqueItems();
        contentRoots.Should().AllSatisfy(root => File.Exists(Path.Combine(root, "appsettings.json")).Should().BeTrue());
        LakebaseApi["ASPNETCORE_CONTENTROOT"].Should().EndWith(Path.Combine("hosted", "Lakebase.Service"));
    }
}
