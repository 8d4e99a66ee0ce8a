using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tests.Support;
using Xunit.Abstractions;

namespace Tests.Auth;

/// <summary>Every catalog route needs a token the workspace accepts (api-contract.md §1.1); the OpenAPI document does not.</summary>
public sealed class CatalogAuthTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    public static TheoryData<string, string> Routes => new()
    {
        { "GET", "catalogs" },
        { "GET", "schemas?catalog=main" },
        { "GET", "table-names?catalog=main&schema=default" },
        { "GET", "tables?catalog=main&schema=default" },
        { "GET", "tables/main/default/customers" },
        { "GET", "query?catalog=main&schema=default&table=customers" },
        { "POST", "query" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Every_route_without_a_token_gives_401_AUTH_MISSING(string method, string route)
    {
        using var client = App.CreateHttpClient(Resources.CatalogApi);

        using var response = await SendAsync(client, method, route);

        await PreferencesClient.ProblemAsync(response, HttpStatusCode.Unauthorized, "AUTH_MISSING");
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Every_route_with_a_token_the_workspace_rejects_gives_401_AUTH_INVALID(string method, string route)
    {
        using var client = App.CreateHttpClient(Resources.CatalogApi);
        client.DefaultRequestHeaders.Add("X-Forwarded-Access-Token", "mock-token-nobody-" + Guid.NewGuid().ToString("N"));

        using var response = await SendAsync(client, method, route);

        var body = await PreferencesClient.ProblemAsync(response, HttpStatusCode.Unauthorized, "AUTH_INVALID");
        body.GetRawText().Should().NotContain("mock-token-nobody", "a token never comes back");
    }

    [Fact]
    public async Task A_bearer_token_works_as_well_and_the_service_principal_is_a_caller_too()
    {
        using var client = App.CreateHttpClient(Resources.CatalogApi);
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", "mock-token-sp");

        var result = await client.GetFromJsonAsync<JsonElement>(CatalogClient.Route("query", "catalog=samples&schema=tpch&table=region"));

        result.GetProperty("user_id").GetString().Should().Be("6f1d2c3b-9a8e-4c7d-b5a4-3e2f1d0c9b8a");
        result.GetProperty("row_count").GetInt32().Should().Be(5);
    }

    [Fact]
    public async Task The_OpenAPI_document_is_public_and_documents_every_route_with_its_problems()
    {
        using var client = App.CreateHttpClient(Resources.CatalogApi);

        var document = await client.GetFromJsonAsync<JsonElement>("/openapi/v1.json");

        var paths = document.GetProperty("paths");
        paths.EnumerateObject().Select(p => p.Name).Should().Contain(
        [
            "/api/unity-catalog/catalogs", "/api/unity-catalog/schemas", "/api/unity-catalog/table-names", "/api/unity-catalog/tables",
            "/api/unity-catalog/tables/{catalog}/{schema}/{table}", "/api/unity-catalog/query",
        ]);
        var query = paths.GetProperty("/api/unity-catalog/query");
        foreach (var operation in new[] { query.GetProperty("get"), query.GetProperty("post") })
        {
            var responses = operation.GetProperty("responses");
            responses.EnumerateObject().Select(r => r.Name).Should().Contain(["200", "400", "401", "403", "404", "503"]);
            responses.GetProperty("503").GetProperty("content").EnumerateObject().Select(c => c.Name).Should().Contain("application/problem+json");
        }

        query.GetProperty("post").GetProperty("responses").EnumerateObject().Select(r => r.Name).Should().Contain(["413", "415"], "POST reads a JSON body");
        paths.GetProperty("/api/unity-catalog/catalogs").GetProperty("get").GetProperty("responses").EnumerateObject().Select(r => r.Name)
            .Should().BeEquivalentTo(["200", "400", "401", "429", "503"], "the workspace filters the catalog list, so nothing in it is missing or forbidden");

        var schemas = document.GetProperty("components").GetProperty("schemas");
        var result = schemas.GetProperty("QueryResult").GetProperty("properties");
        var rows = result.GetProperty("rows");
        if (rows.TryGetProperty("$ref", out var reference))
        {
            rows = schemas.GetProperty(reference.GetString()!.Split('/')[^1]);
        }

        rows.GetProperty("type").GetString().Should().Be("array", "rows are an array of objects keyed by column name");
        result.EnumerateObject().Select(p => p.Name).Should().Contain(
            ["query_id", "data_source", "columns", "rows", "row_count", "total_row_count", "limit", "offset", "next_offset", "execution_time_ms", "executed_at", "user_id"]);
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string route) =>
        method == "POST"
            ? client.PostAsJsonAsync(CatalogClient.Route(route), new { catalog = "main", schema = "default", table = "customers" })
            : client.GetAsync(CatalogClient.Route(route));
}
