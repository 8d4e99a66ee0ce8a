using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Npgsql;
using Tests.Support;
using Xunit.Abstractions;

namespace Tests.MockDatabricks;

public sealed class DatabaseApiTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    private readonly MockWorkspace _workspace = new(topology);

    [Fact]
    public async Task A_credential_is_a_token_that_expires_in_an_hour()
    {
        using var sp = _workspace.As("mock-token-sp");
        using var response = await sp.PostAsJsonAsync("/api/2.0/database/credentials", new { instance_names = new[] { "mock-lakebase" }, request_id = Guid.NewGuid().ToString() });
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var credential = await MockWorkspace.JsonAsync(response);

        credential.GetProperty("token").GetString().Should().NotBeNullOrEmpty();
        credential.GetProperty("expiration_time").GetString().Should().EndWith("Z");
        credential.GetProperty("expiration_time").GetDateTimeOffset().Should().BeCloseTo(DateTimeOffset.UtcNow.AddHours(1), TimeSpan.FromMinutes(1));
    }

    [Theory]
    [InlineData("""{"instance_names":["nope"]}""", HttpStatusCode.NotFound)]
    [InlineData("""{"instance_names":[]}""", HttpStatusCode.BadRequest)]
    [InlineData("""{}""", HttpStatusCode.BadRequest)]
    public async Task Credentials_need_a_known_instance(string body, HttpStatusCode status)
    {
        using var sp = _workspace.As("mock-token-sp");
        using var response = await sp.PostAsync(new Uri("/api/2.0/database/credentials", UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        response.StatusCode.Should().Be(status);
    }

    [Fact]
    public async Task The_instance_points_at_the_test_PostgreSQL()
    {
        using var alice = _workspace.As("mock-token-alice");
        var instance = await alice.GetFromJsonAsync<JsonElement>("/api/2.0/database/instances/mock-lakebase");
        var connection = new NpgsqlConnectionStringBuilder(await App.GetConnectionStringAsync("warehouse"));

        instance.GetProperty("name").GetString().Should().Be("mock-lakebase");
        instance.GetProperty("state").GetString().Should().Be("AVAILABLE");
        instance.GetProperty("read_write_dns").GetString().Should().Be(connection.Host);
        instance.GetProperty("pg_version").GetString().Should().StartWith("PG_VERSION_");

        using var missing = await alice.GetAsync(new Uri("/api/2.0/database/instances/nope", UriKind.Relative));
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await MockWorkspace.JsonAsync(missing)).GetProperty("error_code").GetString().Should().Be("RESOURCE_DOES_NOT_EXIST");
    }
}
