using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Tests.Support;

/// <summary>
/// One caller of <c>/api/model-serving</c> on the running topology: a fresh mock user (or a given token) and an
/// HttpClient on the service that sends that user's token as the Databricks Apps proxy does.
/// </summary>
public sealed class ModelServingClient : IDisposable
{
    public const string BasePath = "/api/model-serving";

    private readonly TopologyFixture _topology;

    private ModelServingClient(TopologyFixture topology, HttpClient http, string userName, string token)
    {
        _topology = topology;
        Http = http;
        UserName = userName;
        Token = token;
    }

    public HttpClient Http { get; }

    public string UserName { get; }

    public string Token { get; }

    /// <summary>A client for a brand-new mock user (with alice's grants unless <paramref name="like"/> says otherwise).</summary>
    public static async Task<ModelServingClient> NewUserAsync(
        TopologyFixture topology, string resource = Resources.ModelServingApi, string like = "alice@example.com")
    {
        var (userName, token) = await new MockWorkspace(topology).NewUserAsync(like);
        return For(topology, userName, token, resource);
    }

    public static ModelServingClient For(TopologyFixture topology, string userName, string token, string resource = Resources.ModelServingApi)
    {
        var http = topology.App.CreateHttpClient(resource);
        http.Timeout = TimeSpan.FromMinutes(2);
        http.DefaultRequestHeaders.Add("X-Forwarded-Access-Token", token);
        return new ModelServingClient(topology, http, userName, token);
    }

    public static Uri Route(string relative) => new($"{BasePath}{relative}", UriKind.Relative);

    public Task<HttpResponseMessage> ListEndpointsAsync(string query = "") =>
        Http.GetAsync(Route(query.Length == 0 ? "/endpoints" : $"/endpoints?{query}"));

    public Task<HttpResponseMessage> GetEndpointAsync(string name) => Http.GetAsync(Route($"/endpoints/{Uri.EscapeDataString(name)}"));

    public Task<HttpResponseMessage> GetSchemaAsync(string name) => Http.GetAsync(Route($"/endpoints/{Uri.EscapeDataString(name)}/schema"));

    public Task<HttpResponseMessage> InvokeAsync(string endpointName, object inputs, int? timeoutSeconds = null) =>
        Http.PostAsJsonAsync(Route("/invoke"), timeoutSeconds is null
            ? new { endpoint_name = endpointName, inputs }
            : (object)new { endpoint_name = endpointName, inputs, timeout_seconds = timeoutSeconds });

    /// <summary>Sends <paramref name="json"/> to <c>/invoke</c> as it is.</summary>
    public Task<HttpResponseMessage> InvokeRawAsync(string json, string mediaType = "application/json") =>
        Http.PostAsync(Route("/invoke"), new StringContent(json, Encoding.UTF8, mediaType));

    public Task<HttpResponseMessage> LogsAsync(string query = "") => Http.GetAsync(Route(query.Length == 0 ? "/logs" : $"/logs?{query}"));

    /// <summary>Invokes and checks the 200; the InferenceResult.</summary>
    public async Task<JsonElement> InvokeOkAsync(string endpointName, object inputs, int? timeoutSeconds = null)
    {
        using var response = await InvokeAsync(endpointName, inputs, timeoutSeconds);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await PreferencesClient.JsonAsync(response);
    }

    /// <summary>All of the caller's log rows (limit 1000), newest first.</summary>
    public async Task<List<JsonElement>> AllLogsAsync(string query = "")
    {
        using var response = await LogsAsync(query.Length == 0 ? "limit=1000" : $"limit=1000&{query}");
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return [.. (await PreferencesClient.JsonAsync(response)).GetProperty("items").EnumerateArray()];
    }

    /// <summary>Polls the caller's log until <paramref name="done"/> holds, up to <paramref name="deadline"/>.</summary>
    public async Task<List<JsonElement>> WaitForLogsAsync(Func<List<JsonElement>, bool> done, TimeSpan deadline)
    {
        using var timeout = new CancellationTokenSource(deadline);
        while (true)
        {
            using var response = await LogsAsync("limit=1000");
            if (response.StatusCode == HttpStatusCode.OK)
            {
                var rows = (await PreferencesClient.JsonAsync(response)).GetProperty("items").EnumerateArray().ToList();
                if (done(rows))
                {
                    return rows;
                }
            }

            await Task.Delay(100, timeout.Token);
        }
    }

    /// <summary>What this caller sent to the workspace's serving routes, newest first (the mock's journal).</summary>
    public async Task<List<(string Method, string Path, int Status)>> ServingJournalAsync()
    {
        return [.. (await new MockWorkspace(_topology).RequestsOfAsync(UserName, "serving"))
            .Select(e => (e.GetProperty("method").GetString()!, e.GetProperty("path").GetString()!, e.GetProperty("status").GetInt32()))];
    }

    public async Task<int> InvocationAttemptsAsync(string endpointName) =>
        (await ServingJournalAsync()).Count(e => e.Path == $"/serving-endpoints/{endpointName}/invocations");

    /// <summary>Runs a scalar query against the Lakebase database, as another tool would.</summary>
    public static async Task<long> CountAsync(TopologyFixture topology, string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = await topology.App.OpenDatabaseAsync("lakebase");
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void Dispose() => Http.Dispose();
}
