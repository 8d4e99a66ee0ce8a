using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Tests.Support;

/// <summary>
/// One caller of <c>/api/unity-catalog</c> on the running topology: a fresh mock user (with the grants of another) or a
/// given token, sent as the Databricks Apps proxy sends it.
/// </summary>
public sealed class CatalogClient : IDisposable
{
    public const string BasePath = "/api/unity-catalog";

    private CatalogClient(HttpClient http, string userName, string token)
    {
        Http = http;
        UserName = userName;
        Token = token;
    }

    public HttpClient Http { get; }

    public string UserName { get; }

    public string Token { get; }

    /// <summary>A client for a brand-new mock user with the grants of <paramref name="like"/>.</summary>
    public static async Task<CatalogClient> NewUserAsync(TopologyFixture topology, string like = "alice@example.com", string resource = Resources.CatalogApi)
    {
        var (userName, token) = await new MockWorkspace(topology).NewUserAsync(like);
        return For(topology, userName, token, resource);
    }

    public static CatalogClient For(TopologyFixture topology, string userName, string token, string resource = Resources.CatalogApi)
    {
        var http = topology.App.CreateHttpClient(resource);
        http.DefaultRequestHeaders.Add("X-Forwarded-Access-Token", token);
        return new CatalogClient(http, userName, token);
    }

    /// <summary><c>/api/unity-catalog/{path}</c> with an optional query string.</summary>
    public static Uri Route(string path, string query = "") =>
        new($"{BasePath}/{path}{(query.Length == 0 ? "" : "?" + query)}", UriKind.Relative);

    /// <summary>The route of one table, each part percent-encoded as a client must send it.</summary>
    public static Uri TableUri(string catalog, string schema, string table) =>
        Route($"tables/{Uri.EscapeDataString(catalog)}/{Uri.EscapeDataString(schema)}/{Uri.EscapeDataString(table)}");

    public Task<HttpResponseMessage> GetAsync(string path, string query = "") => Http.GetAsync(Route(path, query));

    public Task<HttpResponseMessage> QueryAsync(object body) => Http.PostAsJsonAsync(Route("query"), body);

    public Task<HttpResponseMessage> PostRawAsync(string json, string mediaType = "application/json") =>
        Http.PostAsync(Route("query"), new StringContent(json, Encoding.UTF8, mediaType));

    /// <summary>GETs and checks for 200 with JSON.</summary>
    public async Task<JsonElement> OkAsync(string path, string query = "")
    {
        using var response = await GetAsync(path, query);
        return await OkAsync(response);
    }

    /// <summary>POSTs a query and checks for 200.</summary>
    public async Task<JsonElement> QueryOkAsync(object body)
    {
        using var response = await QueryAsync(body);
        return await OkAsync(response);
    }

    public static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, text);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/json");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The <c>items</c> of an envelope of names.</summary>
    public static List<string> Names(JsonElement envelope) => [.. envelope.GetProperty("items").EnumerateArray().Select(i => i.GetString()!)];

    public static List<JsonElement> Rows(JsonElement result) => [.. result.GetProperty("rows").EnumerateArray()];

    /// <summary>One column of every row, as raw JSON text (so that types show: <c>1</c>, <c>"1"</c>, <c>null</c>).</summary>
    public static List<string> Column(JsonElement result, string column) =>
        [.. Rows(result).Select(r => r.GetProperty(column).GetRawText())];

    /// <summary>A 400 <c>INVALID_QUERY</c> whose <c>errors</c> name exactly <paramref name="fields"/>.</summary>
    public static async Task<JsonElement> InvalidAsync(HttpResponseMessage response, params string[] fields)
    {
        var body = await PreferencesClient.ProblemAsync(response, HttpStatusCode.BadRequest, "INVALID_QUERY");
        var errors = body.GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo(fields);
        foreach (var field in fields)
        {
            errors.GetProperty(field).EnumerateArray().Should().NotBeEmpty().And.AllSatisfy(m => m.GetString().Should().NotBeNullOrWhiteSpace());
        }

        return body;
    }

    /// <summary>ISO-8601 UTC with milliseconds and a Z.</summary>
    public static void ShouldBeUtcMillis(JsonElement timestamp) =>
        timestamp.GetString().Should().MatchRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$");

    public void Dispose() => Http.Dispose();
}
