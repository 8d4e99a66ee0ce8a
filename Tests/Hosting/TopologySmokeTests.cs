using Hosting.ApplicationModel;
using Npgsql;
using Tests.Support;
using Xunit.Abstractions;

namespace Tests.Hosting;

[Collection(TopologyCollection.Name)]
public sealed class TopologySmokeTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    public static TheoryData<string> Services => ["databricks", "lakebase-api", "catalog-api", "model-serving-api"];

    [Theory]
    [MemberData(nameof(Services))]
    public async Task Every_service_answers_health_and_alive(string service)
    {
        using var client = App.CreateHttpClient(service);

        (await client.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
        (await client.GetAsync(new Uri("/alive", UriKind.Relative))).StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
    }

    [Fact]
    public void Every_resource_of_the_AppHost_is_running_and_healthy()
    {
        App.ResourceNotifications.Snapshots.Select(s => (s.Name, s.State, s.Health)).Should().BeEquivalentTo(new[]
        {
            ("postgres", KnownResourceStates.Running, (HealthStatus?)HealthStatus.Healthy),
            ("lakebase", KnownResourceStates.Running, HealthStatus.Healthy),
            ("warehouse", KnownResourceStates.Running, HealthStatus.Healthy),
            ("databricks", KnownResourceStates.Running, HealthStatus.Healthy),
            ("lakebase-api", KnownResourceStates.Running, HealthStatus.Healthy),
            ("catalog-api", KnownResourceStates.Running, HealthStatus.Healthy),
            ("model-serving-api", KnownResourceStates.Running, HealthStatus.Healthy),
            (Resources.LakebaseApiWithoutDatabase, KnownResourceStates.Running, HealthStatus.Healthy),
        });
    }

    [Theory]
    [InlineData("lakebase")]
    [InlineData("warehouse")]
    public async Task PostgreSQL_comes_up_with_the_database(string database)
    {
        var connectionString = await App.GetConnectionStringAsync(database);

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT current_database()", connection);
        (await command.ExecuteScalarAsync()).Should().Be(database);
    }
}
