using System.Net;
using System.Text;
using Tests.Support;
using Xunit.Abstractions;
using static Tests.Support.PreferencesClient;

namespace Tests.Auth;

/// <summary>Caller identity on every model serving route (api-contract.md §1.1), and the public OpenAPI document.</summary>
public sealed class ModelServingAuthTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    public static TheoryData<string, string> Routes => new()
    {
        { "GET", "/api/model-serving/endpoints" },
        { "GET", "/api/model-serving/endpoints/chat-assistant" },
        { "GET", "/api/model-serving/endpoints/chat-assistant/schema" },
        { "POST", "/api/model-serving/invoke" },
        { "GET", "/api/model-serving/logs" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task No_token_is_401_AUTH_MISSING_and_a_rejected_token_is_401_AUTH_INVALID_on_every_route(string method, string path)
    {
        using var client = App.CreateHttpClient(Resources.ModelServingApi);

        using var missing = await client.SendAsync(Request(method, path));
        var invalid = Request(method, path);
        invalid.Headers.Add("X-Forwarded-Access-Token", "not-a-workspace-token");
        using var rejected = await client.SendAsync(invalid);

        await ProblemAsync(missing, HttpStatusCode.Unauthorized, "AUTH_MISSING");
        (await ProblemAsync(rejected, HttpStatusCode.Unauthorized, "AUTH_INVALID")).GetRawText().Should().NotContain("not-a-workspace-token");
    }

    [Fact]
    public async Task The_OpenAPI_document_is_public_and_documents_every_route_with_its_problem_statuses()
    {
        using var anonymous = App.CreateHttpClient(Resources.ModelServingApi);

        using var response = await anonymous.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var paths = (await JsonAsync(response)).GetProperty("paths");
        string[] documented = ["/api/model-serving/endpoints", "/api/model-serving/endpoints/{name}", "/api/model-serving/endpoints/{name}/schema",
            "/api/model-serving/invoke", "/api/model-serving/logs"];
        paths.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(documented);
        var invoke = paths.GetProperty("/api/model-serving/invoke").GetProperty("post");
        invoke.GetProperty("operationId").GetString().Should().Be("InvokeEndpoint");
        invoke.GetProperty("responses").EnumerateObject().Select(r => r.Name).Should().Contain(["200", "400", "401", "403", "404", "413", "503"]);
        invoke.GetProperty("responses").GetProperty("404").GetProperty("content").TryGetProperty("application/problem+json", out _).Should().BeTrue();
        paths.GetProperty("/api/model-serving/logs").GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Select(p => p.GetProperty("name").GetString()).Should().Contain(["limit", "offset", "endpoint_name", "status"]);
    }

    [Fact]
    public async Task A_service_principal_invokes_and_reads_its_own_log_under_its_UUID()
    {
        using var principal = ModelServingClient.For(Topology, "6f1d2c3b-9a8e-4c7d-b5a4-3e2f1d0c9b8a", "mock-token-sp");

        var result = await principal.InvokeOkAsync("chat-assistant", new { messages = new[] { new { role = "user", content = "hi" } } });

        result.GetProperty("user_id").GetString().Should().Be(principal.UserName);
        var logs = await principal.AllLogsAsync("endpoint_name=chat-assistant");
        logs.Should().NotBeEmpty().And.AllSatisfy(l => l.GetProperty("user_id").GetString().Should().Be(principal.UserName));
    }

    private static HttpRequestMessage Request(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (method == "POST")
        {
            request.Content = new StringContent("""{"endpoint_name":"chat-assistant","inputs":{"input":"x"}}""", Encoding.UTF8, "application/json");
        }

        return request;
    }
}
