using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Npgsql;

namespace Tests.Support;

/// <summary>
/// One caller of <c>/api/lakebase/preferences</c> on the running topology: a fresh mock user (or a given token) and
/// an HttpClient on the service that sends that user's token as the Databricks Apps proxy does.
/// </summary>
public sealed partial class PreferencesClient : IDisposable
{
    public const string BasePath = "/api/lakebase/preferences";

    private PreferencesClient(HttpClient http, string userName, string token)
    {
        Http = http;
        UserName = userName;
        Token = token;
    }

    public HttpClient Http { get; }

    public string UserName { get; }

    public string Token { get; }

    /// <summary>A client for a brand-new mock user, so that no other test can see or touch its rows.</summary>
    public static async Task<PreferencesClient> NewUserAsync(TopologyFixture topology, string resource = Resources.LakebaseApi)
    {
        var (userName, token) = await new MockWorkspace(topology).NewUserAsync();
        return For(topology, userName, token, resource);
    }

    public static PreferencesClient For(TopologyFixture topology, string userName, string token, string resource = Resources.LakebaseApi)
    {
        var http = topology.App.CreateHttpClient(resource);
        http.DefaultRequestHeaders.Add("X-Forwarded-Access-Token", token);
        return new PreferencesClient(http, userName, token);
    }

    /// <summary>The route of one key, percent-encoded as a client must send it.</summary>
    public static Uri KeyUri(string key) => new($"{BasePath}/{Uri.EscapeDataString(key)}", UriKind.Relative);

    public static Uri ListUri(string query = "") => new(query.Length == 0 ? BasePath : $"{BasePath}?{query}", UriKind.Relative);

    public Task<HttpResponseMessage> ListAsync(string query = "") => Http.GetAsync(ListUri(query));

    public Task<HttpResponseMessage> GetAsync(string key) => Http.GetAsync(KeyUri(key));

    public Task<HttpResponseMessage> PostAsync(string? key, object? value) =>
        Http.PostAsJsonAsync(BasePath, new { preference_key = key, preference_value = value });

    public Task<HttpResponseMessage> PutAsync(string key, object? value) =>
        Http.PutAsJsonAsync(KeyUri(key), new { preference_value = value });

    public Task<HttpResponseMessage> DeleteAsync(string key) => Http.DeleteAsync(KeyUri(key));

    /// <summary>
    /// A JSON request with a Content-Length (not chunked), as most clients send a large body: a service can then refuse it
    /// with 413 before reading it, and still let the client read that answer.
    /// </summary>
    public static HttpRequestMessage Oversize(HttpMethod method, Uri uri, object body, bool expectContinue = false)
    {
        var request = new HttpRequestMessage(method, uri) { Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json") };
        request.Headers.ExpectContinue = expectContinue;
        return request;
    }

    /// <summary>Sends <paramref name="json"/> as it is, with the given content type.</summary>
    public Task<HttpResponseMessage> PostRawAsync(string json, string mediaType = "application/json") =>
        Http.PostAsync(BasePath, new StringContent(json, Encoding.UTF8, mediaType));

    /// <summary>Saves one preference and checks that the service accepted it.</summary>
    public async Task<JsonElement> SaveAsync(string key, object value)
    {
        using var response = await PostAsync(key, value);
        response.StatusCode.Should().BeOneOf([HttpStatusCode.Created, HttpStatusCode.OK], await response.Content.ReadAsStringAsync());
        return await JsonAsync(response);
    }

    /// <summary>Every page of the caller's list (limit 1000), checked to be one complete, duplicate-free list.</summary>
    public async Task<List<JsonElement>> ListAllAsync(string query = "")
    {
        using var response = await ListAsync(query.Length == 0 ? "limit=1000" : $"limit=1000&{query}");
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        var page = await JsonAsync(response);
        page.GetProperty("next_offset").ValueKind.Should().Be(JsonValueKind.Null, "the test keeps fewer than 1000 rows per user");
        return [.. page.GetProperty("items").EnumerateArray()];
    }

    public async Task<List<string>> KeysAsync(string query = "") =>
        [.. (await ListAllAsync(query)).Select(p => p.GetProperty("preference_key").GetString()!)];

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();

    /// <summary>
    /// Checks the error contract (api-contract.md §1.3): status, <c>application/problem+json</c>, <c>error_code</c>,
    /// a <c>detail</c>, <c>status</c>, and a <c>correlation_id</c> that matches the <c>X-Correlation-ID</c> header.
    /// </summary>
    public static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status, string errorCode)
    {
        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(status, text);
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        var body = JsonDocument.Parse(text).RootElement.Clone();
        body.GetProperty("error_code").GetString().Should().Be(errorCode, text);
        body.GetProperty("status").GetInt32().Should().Be((int)status);
        body.GetProperty("detail").GetString().Should().NotBeNullOrWhiteSpace();
        var correlationId = body.GetProperty("correlation_id").GetString();
        correlationId.Should().NotBeNullOrWhiteSpace();
        response.Headers.GetValues("X-Correlation-ID").Should().ContainSingle().Which.Should().Be(correlationId);
        return body;
    }

    /// <summary>A 400 <c>INVALID_PREFERENCE</c> whose <c>errors</c> name exactly <paramref name="fields"/>.</summary>
    public static async Task<JsonElement> InvalidAsync(HttpResponseMessage response, params string[] fields)
    {
        var body = await ProblemAsync(response, HttpStatusCode.BadRequest, "INVALID_PREFERENCE");
        var errors = body.GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo(fields);
        foreach (var field in fields)
        {
            errors.GetProperty(field).EnumerateArray().Should().NotBeEmpty().And.AllSatisfy(m => m.GetString().Should().NotBeNullOrWhiteSpace());
        }

        return body;
    }

    /// <summary>A 503 with <c>retry_after</c> in the body and the same value in <c>Retry-After</c>.</summary>
    public static async Task<JsonElement> RetryableAsync(HttpResponseMessage response, string errorCode)
    {
        var body = await ProblemAsync(response, HttpStatusCode.ServiceUnavailable, errorCode);
        var retryAfter = body.GetProperty("retry_after").GetInt32();
        retryAfter.Should().BePositive();
        response.Headers.RetryAfter?.Delta.Should().Be(TimeSpan.FromSeconds(retryAfter));
        return body;
    }

    /// <summary>ISO-8601 UTC with milliseconds and a Z, and close to now (so it is UTC, not a local time marked Z).</summary>
    public static void ShouldBeRecentUtc(JsonElement timestamp)
    {
        var text = timestamp.GetString();
        text.Should().MatchRegex(UtcMillis().ToString());
        DateTime.Parse(text!, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal)
            .Should().BeCloseTo(DateTime.UtcNow, TimeSpan.FromMinutes(5));
    }

    /// <summary>Runs SQL against the Lakebase database, as another tool would.</summary>
    /// <summary>Stores <paramref name="count"/> preferences (<c>seed-00001</c>…) for the user straight in the database, in one statement.</summary>
    public static Task SeedPreferencesAsync(TopologyFixture topology, string userName, int count) =>
        ExecuteSqlAsync(topology,
            """
            INSERT INTO preferences.user_preferences (user_id, preference_key, preference_value)
            SELECT @user_id, 'seed-' || lpad(n::text, 5, '0'), to_jsonb(n) FROM generate_series(1, @count) AS n
            """,
            ("user_id", userName), ("count", count));

    public static async Task ExecuteSqlAsync(TopologyFixture topology, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await topology.App.OpenDatabaseAsync("lakebase");
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Whether two JSON texts are the same value; object member order does not matter (jsonb reorders them).</summary>
    public static bool SameJson(JsonElement actual, string expected) =>
        JsonNode.DeepEquals(JsonNode.Parse(actual.GetRawText()), JsonNode.Parse(expected));

    public static void ShouldBeJson(JsonElement actual, string expected) =>
        SameJson(actual, expected).Should().BeTrue($"{actual.GetRawText()} should be the JSON value {expected}");

    public void Dispose() => Http.Dispose();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$")]
    private static partial Regex UtcMillis();
}
