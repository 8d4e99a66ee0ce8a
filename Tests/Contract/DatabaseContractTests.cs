using Databricks.Client;
using Npgsql;
using Tests.Support;
using Xunit.Abstractions;

namespace Tests.Contract;

/// <summary>The Lakebase credential and instance APIs through the client.</summary>
public sealed class DatabaseContractTests(TopologyFixture topology, ITestOutputHelper output) : ContractTest(topology, output)
{
    [Fact]
    public async Task A_credential_is_a_fresh_token_that_expires_in_about_an_hour()
    {
        var first = await Client.Database.GenerateCredentialAsync(ServicePrincipal, ["mock-lakebase"]);
        var second = await Client.Database.GenerateCredentialAsync(ServicePrincipal, ["mock-lakebase"]);

        first.Token.Should().NotBeNullOrWhiteSpace();
        second.Token.Should().NotBe(first.Token);
        first.ExpirationTime.Should().BeCloseTo(DateTimeOffset.UtcNow.AddHours(1), TimeSpan.FromMinutes(1));
        first.ToString().Should().NotContain(first.Token);
    }

    [Fact]
    public async Task The_instance_is_available_and_points_at_the_test_PostgreSQL()
    {
        var instance = await Client.Database.GetInstanceAsync(Alice, "mock-lakebase");
        var warehouse = new NpgsqlConnectionStringBuilder(await App.GetConnectionStringAsync("warehouse"));

        instance.Name.Should().Be("mock-lakebase");
        instance.Uid.Should().Be("5b7e0c2a-1d3f-4a6b-8c9d-0e1f2a3b4c5d");
        instance.State.Should().Be("AVAILABLE");
        instance.Capacity.Should().Be("CU_1");
        instance.Stopped.Should().BeFalse();
        instance.ReadWriteDns.Should().Be(warehouse.Host);
        instance.PgVersion.Should().StartWith("PG_VERSION_");
    }

    [Fact]
    public async Task An_unknown_instance_is_a_404_for_both_calls()
    {
        foreach (var call in new Func<Task>[]
                 {
                     () => Client.Database.GetInstanceAsync(Alice, "no-such-instance"),
                     () => Client.Database.GenerateCredentialAsync(ServicePrincipal, ["no-such-instance"]),
                 })
        {
            var error = (await call.Should().ThrowAsync<DatabricksApiException>()).Which;
            (error.StatusCode, error.ErrorCode).Should().Be((404, "RESOURCE_DOES_NOT_EXIST"));
            error.Message.Should().EndWith("Database instance 'no-such-instance' does not exist.");
        }
    }
}
