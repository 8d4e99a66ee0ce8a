using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Tests.Support;
using Xunit.Abstractions;

namespace Tests.Hosting;

/// <summary>The AppHost's own topology as the testing builder runs it: every resource up and healthy, in the shape Program.cs declares.</summary>
public sealed class TopologyTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public static TheoryData<string> Services =>
        [Resources.Databricks, Resources.LakebaseApi, Resources.CatalogApi, Resources.ModelServingApi, Resources.LakebaseApiWithoutDatabase,
            Resources.CatalogApiDegraded, Resources.ModelServingApiWithoutDatabase];

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Every_service_answers_health_and_alive(string service)
    {
        using var client = App.CreateHttpClient(service);

        (await client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await client.GetAsync(new Uri("/alive", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Every_resource_of_the_AppHost_is_running_and_healthy()
    {
        using var timeout = new CancellationTokenSource(Deadline);
        string[] expected = ["postgres", "lakebase", "warehouse", "databricks", "lakebase-api", "catalog-api", "model-serving-api", Resources.LakebaseApiWithoutDatabase,
            Resources.CatalogApiDegraded, Resources.ModelServingApiWithoutDatabase];

        App.RunningResources().Select(r => r.Name).Should().BeEquivalentTo(expected);
        foreach (var name in expected)
        {
            var snapshot = await App.SnapshotAsync(name, timeout.Token);
            (snapshot.State?.Text, snapshot.HealthStatus).Should().Be((KnownResourceStates.Running, HealthStatus.Healthy), name);
        }
    }

    [Theory]
    [InlineData("lakebase")]
    [InlineData("warehouse")]
    public async Task PostgreSQL_comes_up_with_the_database(string database)
    {
        await using var connection = await App.OpenDatabaseAsync(database);
        await using var command = new NpgsqlCommand("SELECT current_database()", connection);
        (await command.ExecuteScalarAsync()).Should().Be(database);
    }

    [Fact]
    public void The_testing_builder_takes_the_AppHost_topology_without_copying_it()
    {
        var model = App.Services.GetRequiredService<DistributedApplicationModel>();

        App.RunningResources().Select(r => (r.Name, r.GetType().Name)).Should().Equal(
            ("postgres", nameof(LocalPostgresServerResource)),
            ("lakebase", nameof(PostgresDatabaseOnServerResource)),
            ("warehouse", nameof(PostgresDatabaseOnServerResource)),
            ("databricks", nameof(ProjectResource)),
            ("lakebase-api", nameof(ProjectResource)),
            ("catalog-api", nameof(ProjectResource)),
            ("model-serving-api", nameof(ProjectResource)),
            // Added by the fixture, not by the AppHost.
            (Resources.LakebaseApiWithoutDatabase, nameof(ProjectResource)),
            (Resources.ModelServingApiWithoutDatabase, nameof(ProjectResource)),
            (Resources.CatalogApiDegraded, nameof(ProjectResource)));
        model.Resources.OfType<PostgresDatabaseOnServerResource>().Should().AllSatisfy(d => d.Parent.Name.Should().Be("postgres"));
        // WaitFor on a database also waits for its server.
        WaitsOf("databricks").Should().BeEquivalentTo("postgres", "warehouse");
        WaitsOf("lakebase-api").Should().BeEquivalentTo("postgres", "lakebase");
        WaitsOf("catalog-api").Should().BeEmpty("the services call the workspace per request");
        WaitsOf("model-serving-api").Should().BeEquivalentTo("postgres", "lakebase");

        IEnumerable<string> WaitsOf(string name) =>
            model.Resources.Single(r => r.Name == name).Annotations.OfType<WaitAnnotation>().Select(w => w.Resource.Name);
    }
}
