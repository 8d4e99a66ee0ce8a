using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tests.Support;
using Xunit.Abstractions;

namespace Tests.Live;

/// <summary>
/// The read-only flows against a workspace the app knows only by <c>DATABRICKS_HOST</c> (FR-016): a real one when
/// configured, the mock started as a remote workspace in CI. What they write is one scratch preference, deleted again.
/// </summary>
[LongRunning]
[Collection(LiveCollection.Name)]
public sealed class LiveWorkspaceTests(LiveFixture live, ITestOutputHelper output) : IDisposable
{
    private readonly IDisposable _output = live.AttachOutput(output);

    [LiveFact]
    public async Task The_app_calls_the_configured_workspace_and_runs_no_mock_of_its_own()
    {
        live.App.RunningResources().Single(r => r.Name == Resources.Databricks).Should().BeOfType<ExternalServiceResource>(
            "in live mode the workspace is an external service, not the AppHost's mock");

        foreach (var service in new[] { Resources.LakebaseApi, Resources.CatalogApi, Resources.ModelServingApi })
        {
            var environment = await live.App.GetProcessEnvironmentAsync(service);
            environment.Should().Contain($"services__databricks__{live.WorkspaceUrl.Scheme}__0", live.WorkspaceUrl.ToString(), service);
        }

        var catalog = await live.App.GetProcessEnvironmentAsync(Resources.CatalogApi);
        catalog.Keys.Should().NotContain(key => key.StartsWith("DATABRICKS_", StringComparison.Ordinal) && key != "DATABRICKS_HOST",
            "catalog-api calls the workspace with its caller's token only; only the Lakebase users get the app's credential");
    }

    [LiveMockFact]
    public async Task The_services_log_in_to_Lakebase_as_the_app_with_a_credential_minted_by_the_workspace()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var superuser = await live.App.GetConnectionStringAsync("lakebase", timeout.Token);
        const string principal = LiveFixture.MockServicePrincipal;

        foreach (var service in new[] { Resources.LakebaseApi, Resources.ModelServingApi })
        {
            var environment = await live.App.GetProcessEnvironmentAsync(service, timeout.Token);
            var connection = new Npgsql.NpgsqlConnectionStringBuilder(environment["ConnectionStrings__lakebase"]);
            connection.Username.Should().Be(principal, service);
            connection.Password.Should().BeNull("{0} mints its password; none is configured", service);
            environment.Should().Contain("Lakebase__InstanceName", "mock-lakebase");
        }

        // Both schemas were created by the services' migrations, so by logins as the app's role. A read of each service's
        // list waits for its migration.
        foreach (var (service, list) in new[] { (Resources.LakebaseApi, "/api/lakebase/preferences"), (Resources.ModelServingApi, "/api/model-serving/logs") })
        {
            using var caller = live.CallerOf(service);
            using var read = await caller.GetAsync(new Uri(list, UriKind.Relative), timeout.Token);
            read.StatusCode.Should().Be(HttpStatusCode.OK, service);
        }

        foreach (var schema in new[] { "preferences", "model_serving" })
        {
            (await PostgresProcess.ScalarAsync(superuser!, $"SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = '{schema}'", timeout.Token))
                .Should().Be($"\"{principal}\"", $"the {schema} schema is the app's");
        }

        var validUntil = (DateTime)(await PostgresProcess.ScalarAsync(superuser!, $"SELECT rolvaliduntil FROM pg_roles WHERE rolname = '{principal}'", timeout.Token))!;
        validUntil.ToUniversalTime().Should().BeAfter(DateTime.UtcNow.AddMinutes(30)).And.BeBefore(DateTime.UtcNow.AddHours(1).AddMinutes(1),
            "the password is a credential of about an hour");
    }

    [LiveFact]
    public async Task The_caller_is_identified_by_the_workspace_and_a_preference_round_trips_under_that_identity()
    {
        using var workspace = live.WorkspaceClient();
        var me = await workspace.GetFromJsonAsync<JsonElement>("/api/2.0/preview/scim/v2/Me");
        var userName = me.GetProperty("userName").GetString();
        userName.Should().NotBeNullOrEmpty();
        var key = $"live-test:{Guid.NewGuid():N}";
        using var preferences = live.CallerOf(Resources.LakebaseApi);
        var keyUri = PreferencesClient.KeyUri(key);

        try
        {
            using var saved = await preferences.PutAsJsonAsync(keyUri, new { preference_value = new { checked_at = DateTimeOffset.UtcNow } });
            saved.StatusCode.Should().Be(HttpStatusCode.Created, await saved.Content.ReadAsStringAsync());
            var body = await saved.Content.ReadFromJsonAsync<JsonElement>();
            body.GetProperty("user_id").GetString().Should().Be(userName, "the row belongs to the workspace's identity of the token");

            using var read = await preferences.GetAsync(keyUri);
            read.StatusCode.Should().Be(HttpStatusCode.OK);
            (await read.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("preference_key").GetString().Should().Be(key);
        }
        finally
        {
            using var deleted = await preferences.DeleteAsync(keyUri);
            deleted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        }

        using var gone = await preferences.GetAsync(keyUri);
        gone.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [LiveFact(LiveWorkspace.TableVariable)]
    public async Task The_configured_table_is_browsed_to_and_a_small_page_of_it_read_as_the_caller()
    {
        var (catalog, schema, table) = TableParts(live.Workspace.Table!);
        using var http = live.CallerOf(Resources.CatalogApi);

        (await NamesAsync(http, "catalogs?limit=1000")).Should().Contain(catalog);
        (await NamesAsync(http, $"schemas?catalog={Uri.EscapeDataString(catalog)}&limit=1000")).Should().Contain(schema);
        (await NamesAsync(http, $"table-names?catalog={Uri.EscapeDataString(catalog)}&schema={Uri.EscapeDataString(schema)}&limit=1000"))
            .Should().Contain(table);
        var page = await http.GetFromJsonAsync<JsonElement>(
            $"/api/unity-catalog/query?catalog={Uri.EscapeDataString(catalog)}&schema={Uri.EscapeDataString(schema)}&table={Uri.EscapeDataString(table)}&limit=3");

        page.GetProperty("row_count").GetInt32().Should().BeInRange(0, 3);
        page.GetProperty("rows").GetArrayLength().Should().Be(page.GetProperty("row_count").GetInt32());
        page.GetProperty("columns").GetArrayLength().Should().BePositive();
        page.GetProperty("user_id").GetString().Should().Be(await MeAsync());
    }

    [LiveFact(LiveWorkspace.ServingEndpointVariable)]
    public async Task The_configured_endpoint_s_schema_is_detected_and_its_example_invokes_it()
    {
        var endpoint = live.Workspace.ServingEndpoint!;
        using var http = live.CallerOf(Resources.ModelServingApi);

        var detection = await http.GetFromJsonAsync<JsonElement>($"/api/model-serving/endpoints/{Uri.EscapeDataString(endpoint)}/schema");
        detection.GetProperty("status").GetString().Should().Be("SUCCESS");
        var example = detection.GetProperty("example_json");
        var inputs = example.ValueKind == JsonValueKind.String ? JsonDocument.Parse(example.GetString()!).RootElement : example;
        using var invoked = await http.PostAsJsonAsync("/api/model-serving/invoke", new { endpoint_name = endpoint, inputs, timeout_seconds = 60 });

        invoked.StatusCode.Should().Be(HttpStatusCode.OK, await invoked.Content.ReadAsStringAsync());
        var result = await invoked.Content.ReadFromJsonAsync<JsonElement>();
        result.GetProperty("status").GetString().Should().Be("SUCCESS");
        var logs = await http.GetFromJsonAsync<JsonElement>($"/api/model-serving/logs?endpoint_name={Uri.EscapeDataString(endpoint)}&limit=5");
        logs.GetProperty("items").EnumerateArray().Select(l => l.GetProperty("request_id").GetString())
            .Should().Contain(result.GetProperty("request_id").GetString(), "the invocation is in the caller's log");
    }

    [LiveFact]
    public async Task A_token_the_workspace_rejects_is_refused_with_401()
    {
        using var stranger = live.App.CreateHttpClient(Resources.LakebaseApi);
        stranger.DefaultRequestHeaders.Add("X-Forwarded-Access-Token", $"not-a-token-{Guid.NewGuid():N}");

        using var response = await stranger.GetAsync(PreferencesClient.ListUri());

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error_code").GetString().Should().Be("AUTH_INVALID");
    }

    private async Task<string?> MeAsync()
    {
        using var workspace = live.WorkspaceClient();
        return (await workspace.GetFromJsonAsync<JsonElement>("/api/2.0/preview/scim/v2/Me")).GetProperty("userName").GetString();
    }

    private static async Task<List<string?>> NamesAsync(HttpClient http, string route) =>
        [.. (await http.GetFromJsonAsync<JsonElement>($"/api/unity-catalog/{route}")).GetProperty("items").EnumerateArray().Select(i => i.GetString())];

    private static (string Catalog, string Schema, string Table) TableParts(string fullName) =>
        fullName.Split('.') is [var catalog, var schema, var table]
            ? (catalog, schema, table)
            : throw new ArgumentException($"{LiveWorkspace.TableVariable} must be catalog.schema.table, not '{fullName}'.");

    public void Dispose() => _output.Dispose();
}
