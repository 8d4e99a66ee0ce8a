using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;


namespace Tests.Support;

/// <summary>Raw HTTP access to the mock workspace of the running topology, as a given caller.</summary>
public sealed class MockWorkspace(TopologyFixture topology)
{
    public const string Warehouse = "mock-warehouse";
    public static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);

    public HttpClient Anonymous() => topology.App.CreateHttpClient("databricks");

    public HttpClient As(string token)
    {
        var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A fresh user with the grants of <paramref name="like"/>, so a test can change grants without touching others.</summary>
    public async Task<(string UserName, string Token)> NewUserAsync(string like = "alice@example.com", string? userName = null)
    {
        using var client = Anonymous();
        using var response = await client.PostAsJsonAsync("/__mock/users", new { user_name = userName, like });
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        return (body.GetProperty("user_name").GetString()!, body.GetProperty("token").GetString()!);
    }

    public async Task GrantAsync(string principal, string securableType, string fullName, string privilege, string action)
    {
        using var client = Anonymous();
        using var response = await client.PostAsJsonAsync("/__mock/grants",
            new { principal, securable_type = securableType, full_name = fullName, privilege, action });
        response.StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    public async Task<string> AddFaultAsync(object fault)
    {
        using var client = Anonymous();
        using var response = await client.PostAsJsonAsync("/__mock/faults", fault);
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
    }

    public async Task DeleteFaultAsync(string id)
    {
        using var client = Anonymous();
        (await client.DeleteAsync(new Uri($"/__mock/faults/{id}", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    /// <summary>The requests <paramref name="userName"/> sent to the workspace (in <paramref name="area"/> if given), newest first.</summary>
    public async Task<List<JsonElement>> RequestsOfAsync(string userName, string? area = null)
    {
        using var client = Anonymous();
        var query = $"/__mock/requests?user_name={Uri.EscapeDataString(userName)}&limit=20000" + (area is null ? "" : $"&area={area}");
        return [.. (await client.GetFromJsonAsync<JsonElement>(query)).EnumerateArray()];
    }

    public static async Task<JsonElement> SubmitAsync(HttpClient client, string statement, object[]? parameters = null, string? waitTimeout = null,
        string? catalog = null, string? schema = null, long? rowLimit = null)
    {
        var body = new JsonObject { ["statement"] = statement, ["warehouse_id"] = Warehouse };
        if (parameters is not null) body["parameters"] = JsonSerializer.SerializeToNode(parameters);
        if (waitTimeout is not null) body["wait_timeout"] = waitTimeout;
        if (catalog is not null) body["catalog"] = catalog;
        if (schema is not null) body["schema"] = schema;
        if (rowLimit is not null) body["row_limit"] = rowLimit;
        using var response = await client.PostAsJsonAsync("/api/2.0/sql/statements", body);
        response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    /// <summary>Submits and polls (with a deadline) until the statement is in a terminal state.</summary>
    public static async Task<JsonElement> RunAsync(HttpClient client, string statement, object[]? parameters = null, string? catalog = null, string? schema = null)
    {
        var response = await SubmitAsync(client, statement, parameters, catalog: catalog, schema: schema);
        return await PollUntilTerminalAsync(client, response);
    }

    public static async Task<JsonElement> PollUntilTerminalAsync(HttpClient client, JsonElement response)
    {
        using var deadline = new CancellationTokenSource(Deadline);
        while (State(response) is "PENDING" or "RUNNING")
        {
            await Task.Delay(20, deadline.Token);
            response = await client.GetFromJsonAsync<JsonElement>($"/api/2.0/sql/statements/{response.GetProperty("statement_id").GetString()}", deadline.Token);
        }

        return response;
    }

    public static string State(JsonElement response) => response.GetProperty("status").GetProperty("state").GetString()!;

    public static string ErrorMessage(JsonElement response) => response.GetProperty("status").GetProperty("error").GetProperty("message").GetString()!;

    public static List<string?[]> Rows(JsonElement response) =>
        response.GetProperty("result").TryGetProperty("data_array", out var rows)
            ? rows.EnumerateArray().Select(r => r.EnumerateArray().Select(c => c.ValueKind == JsonValueKind.Null ? null : c.GetString()).ToArray()).ToList()
            : [];

    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response) =>
        await response.Content.ReadFromJsonAsync<JsonElement>();
}
