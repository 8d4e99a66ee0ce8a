using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Databricks.Client;
using Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using ServiceDefaults.Correlation;
using ServiceDefaults.Problems;
using Tests.Support;
using Xunit.Abstractions;

namespace Tests.Contract;

/// <summary>The identity middleware resolving callers through the mock's SCIM Me, as a service would.</summary>
public sealed class IdentityContractTests(TopologyFixture topology, ITestOutputHelper output) : ContractTest(topology, output)
{
    [Fact]
    public async Task A_forwarded_token_becomes_the_current_user()
    {
        await using var service = await StartServiceAsync();
        using var client = service.GetTestClient();

        using var whoami = await SendAsync(client, "X-Forwarded-Access-Token", "mock-token-alice");

        whoami.StatusCode.Should().Be(HttpStatusCode.OK);
        var user = await whoami.Content.ReadFromJsonAsync<JsonElement>();
        user.GetProperty("user_id").GetString().Should().Be("alice@example.com");
        user.GetProperty("display_name").GetString().Should().Be("Alice Example");
    }

    [Fact]
    public async Task A_bearer_token_of_the_service_principal_becomes_its_UUID()
    {
        await using var service = await StartServiceAsync();
        using var client = service.GetTestClient();

        using var whoami = await SendAsync(client, "Authorization", "Bearer mock-token-sp");

        whoami.StatusCode.Should().Be(HttpStatusCode.OK);
        (await whoami.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("user_id").GetString().Should().Be("6f1d2c3b-9a8e-4c7d-b5a4-3e2f1d0c9b8a");
    }

    [Fact]
    public async Task A_token_the_workspace_refuses_is_401_AUTH_INVALID()
    {
        await using var service = await StartServiceAsync();
        using var client = service.GetTestClient();

        using var refused = await SendAsync(client, "X-Forwarded-Access-Token", "dapi-contract-not-a-token");

        refused.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error_code").GetString().Should().Be("AUTH_INVALID");
    }

    [Theory]
    [InlineData(429, HttpStatusCode.TooManyRequests, "RATE_LIMITED")]
    [InlineData(503, HttpStatusCode.ServiceUnavailable, "WORKSPACE_UNAVAILABLE")]
    public async Task A_workspace_that_asks_for_a_long_wait_is_passed_on_with_its_Retry_After(int status, HttpStatusCode expected, string code)
    {
        var (user, token) = await Workspace.NewUserAsync();
        await using var service = await StartServiceAsync();
        using var client = service.GetTestClient();

        // SCIM has no targets: the count of one keeps the fault to this request.
        await WithFaultAsync(new { principal = user, area = "scim", status, count = 1, retry_after = 60 }, async () =>
        {
            using var answer = await SendAsync(client, "X-Forwarded-Access-Token", token);

            answer.StatusCode.Should().Be(expected);
            answer.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(60));
            (await answer.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error_code").GetString().Should().Be(code);
        });
    }

    private async Task<WebApplication> StartServiceAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["DATABRICKS_HOST"] = App.GetEndpoint("databricks").ToString() });
        builder.Logging.ClearProviders().AddProvider(new TestOutputLoggerProvider(Topology.Output));
        builder.Services.AddCorrelationIds();
        builder.Services.AddApiProblems();
        builder.AddDatabricksClient();
        var app = builder.Build();
        app.UseDatabricksIdentity();
        app.MapGet("/whoami", (CurrentUser user) => new { user_id = user.UserId, display_name = user.DisplayName });
        await app.StartAsync();
        return app;
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string header, string value)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/whoami");
        request.Headers.TryAddWithoutValidation(header, value);
        return await client.SendAsync(request);
    }
}
