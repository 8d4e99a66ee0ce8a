using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tests.Support;
using Xunit.Abstractions;

namespace Tests.MockDatabricks;

/// <summary>
/// The mock's test-only control API. Most faults here are for every caller, and one test resets the mock, so the
/// class runs alone.
/// </summary>
[Exclusive]
public sealed class ControlApiTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    private readonly MockWorkspace _workspace = new(topology);

    [Theory]
    [InlineData("scim", null, "/api/2.0/preview/scim/v2/Me", "GET", 429, "REQUEST_LIMIT_EXCEEDED")]
    [InlineData("unity-catalog", "main.default.customers", "/api/2.1/unity-catalog/tables/main.default.customers", "GET", 503, "TEMPORARILY_UNAVAILABLE")]
    [InlineData("unity-catalog", "main", "/api/2.1/unity-catalog/schemas?catalog_name=main", "GET", 500, "INTERNAL_ERROR")]
    [InlineData("unity-catalog", "main.sales", "/api/2.1/unity-catalog/tables?catalog_name=main&schema_name=sales", "GET", 404, "NOT_FOUND")]
    [InlineData("sql", null, "/api/2.0/sql/warehouses", "GET", 504, "DEADLINE_EXCEEDED")]
    [InlineData("serving", "chat-assistant", "/api/2.0/serving-endpoints/chat-assistant", "GET", 400, "BAD_REQUEST")]
    [InlineData("database", "mock-lakebase", "/api/2.0/database/instances/mock-lakebase", "GET", 409, "RESOURCE_CONFLICT")]
    [InlineData("database", null, "/api/2.0/database/credentials", "POST", 401, "UNAUTHENTICATED")]
    [InlineData("serving", "text-embedder", "/serving-endpoints/text-embedder/invocations", "POST", 403, "PERMISSION_DENIED")]
    [InlineData("scim", null, "/api/2.0/preview/scim/v2/Me", "GET", 499, "CANCELLED")]
    [InlineData("scim", null, "/api/2.0/preview/scim/v2/Me", "GET", 501, "NOT_IMPLEMENTED")]
    public async Task A_fault_answers_its_status_with_Retry_After_for_its_count_then_stops(string area, string? target, string path, string method, int status, string code)
    {
        var (user, token) = await _workspace.NewUserAsync();
        using var client = _workspace.As(token);
        await _workspace.AddFaultAsync(new { area, target, status, count = 1, retry_after = 2 });

        using var faulted = await SendAsync(client, method, path);
        ((int)faulted.StatusCode).Should().Be(status);
        faulted.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(2));
        var body = await MockWorkspace.JsonAsync(faulted);
        body.GetProperty("error_code").GetString().Should().Be(code);
        body.GetProperty("details")[0].GetProperty("request_id").GetString().Should().NotBeNullOrEmpty();

        using var next = await SendAsync(client, method, path);
        next.IsSuccessStatusCode.Should().BeTrue(await next.Content.ReadAsStringAsync());

        var journal = await client.GetFromJsonAsync<JsonElement>($"/__mock/requests?area={area}&limit=50");
        var mine = journal.EnumerateArray().Where(e => e.GetProperty("user_name").GetString() == user).ToList();
        mine.Select(e => e.GetProperty("status").GetInt32()).Should().StartWith([(int)next.StatusCode, status]);
        mine[0].GetProperty("method").GetString().Should().Be(method);
        mine[0].GetProperty("path").GetString().Should().Be(path.Split('?')[0]);
        mine[0].GetProperty("at").GetDateTimeOffset().Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
    }

    [Fact]
    public async Task A_targeted_fault_leaves_other_targets_alone_and_a_delay_only_fault_slows_down()
    {
        using var alice = _workspace.As("mock-token-alice");
        var fault = await _workspace.AddFaultAsync(new { area = "serving", target = "slow-model", status = 503, count = 0 });
        try
        {
            (await alice.GetAsync(new Uri("/api/2.0/serving-endpoints/chat-assistant", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
            (await alice.GetAsync(new Uri("/api/2.0/serving-endpoints/slow-model", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            (await alice.GetAsync(new Uri("/api/2.0/serving-endpoints/slow-model", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, "a count of 0 lasts until deleted");
        }
        finally
        {
            await _workspace.DeleteFaultAsync(fault);
        }

        (await alice.GetAsync(new Uri("/api/2.0/serving-endpoints/slow-model", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);

        await _workspace.AddFaultAsync(new { area = "serving", target = "chat-assistant", status = 200, count = 1, delay_ms = 300 });
        var clock = System.Diagnostics.Stopwatch.StartNew();
        (await alice.GetAsync(new Uri("/api/2.0/serving-endpoints/chat-assistant", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        clock.ElapsedMilliseconds.Should().BeGreaterThanOrEqualTo(290);
    }

    [Fact]
    public async Task A_fault_for_one_principal_leaves_every_other_caller_alone()
    {
        var (user, token) = await _workspace.NewUserAsync();
        using var client = _workspace.As(token);
        using var alice = _workspace.As("mock-token-alice");
        var fault = await _workspace.AddFaultAsync(new { principal = user, area = "scim", status = 503, count = 0 });
        try
        {
            (await alice.GetAsync(new Uri("/api/2.0/preview/scim/v2/Me", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
            (await client.GetAsync(new Uri("/api/2.0/preview/scim/v2/Me", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        }
        finally
        {
            await _workspace.DeleteFaultAsync(fault);
        }

        (await client.GetAsync(new Uri("/api/2.0/preview/scim/v2/Me", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_fault_for_a_principal_that_does_not_exist_is_refused()
    {
        using var anonymous = _workspace.Anonymous();

        using var response = await anonymous.PostAsJsonAsync("/__mock/faults", new { principal = "nobody@example.com", area = "scim", status = 503, count = 1 });

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await MockWorkspace.JsonAsync(response)).GetProperty("error_code").GetString().Should().Be("RESOURCE_DOES_NOT_EXIST");
    }

    [Fact]
    public async Task A_sql_fault_targets_the_tables_a_statement_reads()
    {
        using var alice = _workspace.As("mock-token-alice");
        await _workspace.AddFaultAsync(new { area = "sql", target = "orders", status = 429, count = 1, retry_after = 1 });

        using var other = await alice.PostAsJsonAsync("/api/2.0/sql/statements", new { statement = "SELECT 1 FROM main.default.customers LIMIT 1", warehouse_id = MockWorkspace.Warehouse });
        other.StatusCode.Should().Be(HttpStatusCode.OK);
        using var faulted = await alice.PostAsJsonAsync("/api/2.0/sql/statements", new { statement = "SELECT 1 FROM main.default.orders LIMIT 1", warehouse_id = MockWorkspace.Warehouse });
        faulted.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        faulted.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task Delete_removes_every_fault()
    {
        using var alice = _workspace.As("mock-token-alice");
        await _workspace.AddFaultAsync(new { area = "scim", status = 503, count = 5 });
        await _workspace.AddFaultAsync(new { area = "sql", status = 503, count = 5 });
        using var anonymous = _workspace.Anonymous();
        (await anonymous.DeleteAsync(new Uri("/__mock/faults", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NoContent);

        (await alice.GetAsync(new Uri("/api/2.0/preview/scim/v2/Me", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await anonymous.DeleteAsync(new Uri("/__mock/faults/fault-does-not-exist", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{"area":"weather","status":503,"count":1}""")]
    [InlineData("""{"status":503,"count":1}""")]
    [InlineData("""{"area":"scim","status":42,"count":1}""")]
    public async Task Invalid_faults_are_refused(string body)
    {
        using var anonymous = _workspace.Anonymous();
        using var response = await anonymous.PostAsync(new Uri("/__mock/faults", UriKind.Relative), new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task A_fault_with_an_unknown_body_is_refused()
    {
        using var anonymous = _workspace.Anonymous();
        using var response = await anonymous.PostAsJsonAsync("/__mock/faults", new { area = "serving", target = "chat-assistant", status = 404, count = 1, body = "xml" });

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var error = await MockWorkspace.JsonAsync(response);
        error.GetProperty("error_code").GetString().Should().Be("INVALID_PARAMETER_VALUE");
        error.GetProperty("message").GetString().Should().StartWith("body must be one of standard, integer-code,");
    }

    [Theory]
    [InlineData("html", "text/html", "<html><head><title>Error 403</title></head><body><h2>HTTP ERROR 403</h2><pre>Injected fault {0}.</pre></body></html>")]
    [InlineData("scim", "application/scim+json", """{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"detail":"Injected fault {0}.","status":"403"}""")]
    [InlineData("text", "text/plain", "PERMISSION_DENIED: Injected fault {0}.")]
    [InlineData("integer-code", "application/json", """{"error_code":403,"message":"Injected fault {0}."}""")]
    [InlineData("error-field", "application/json", """{"error":"Injected fault {0}."}""")]
    [InlineData("empty", null, "")]
    public async Task A_fault_answers_the_body_shape_it_names_with_its_content_type(string body, string? mediaType, string expected)
    {
        using var alice = _workspace.As("mock-token-alice");
        var fault = await _workspace.AddFaultAsync(new { area = "serving", target = "text-embedder", status = 403, count = 1, body });
        try
        {
            using var response = await alice.GetAsync(new Uri("/api/2.0/serving-endpoints/text-embedder", UriKind.Relative));

            response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
            var contentType = response.Content.Headers.ContentType?.MediaType;
            contentType.Should().Be(mediaType);
            (await response.Content.ReadAsStringAsync()).Should().Be(expected.Replace("{0}", fault, StringComparison.Ordinal));
        }
        finally
        {
            using var anonymous = _workspace.Anonymous();
            using var deleted = await anonymous.DeleteAsync(new Uri($"/__mock/faults/{fault}", UriKind.Relative));
            deleted.StatusCode.Should().BeOneOf(HttpStatusCode.NoContent, HttpStatusCode.NotFound);
        }
    }

    [Fact]
    public async Task Users_are_made_like_a_template_and_names_are_unique()
    {
        var name = $"dana-{Guid.NewGuid():N}@example.com";
        var (user, token) = await _workspace.NewUserAsync("bob@example.com", name);
        user.Should().Be(name);
        token.Should().NotBeNullOrEmpty();
        using var client = _workspace.As(token);
        var me = await client.GetFromJsonAsync<JsonElement>("/api/2.0/preview/scim/v2/Me");
        me.GetProperty("userName").GetString().Should().Be(name);
        me.GetProperty("displayName").GetString().Should().Be(name);

        using var anonymous = _workspace.Anonymous();
        (await anonymous.PostAsJsonAsync("/__mock/users", new { user_name = name, like = "bob@example.com" })).StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await anonymous.PostAsJsonAsync("/__mock/users", new { like = "nobody@example.com" })).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await anonymous.PostAsJsonAsync("/__mock/users", new { user_name = "x@example.com" })).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var random = await (await anonymous.PostAsJsonAsync("/__mock/users", new { like = "alice@example.com", display_name = "Random" })).Content.ReadFromJsonAsync<JsonElement>();
        random.GetProperty("user_name").GetString().Should().MatchRegex("^user-[0-9a-f]{12}@example.com$");
    }

    [Theory]
    [InlineData("nobody@example.com", "table", "main.default.customers", "SELECT", "grant", HttpStatusCode.NotFound)]
    [InlineData("alice@example.com", "table", "main.default.nope", "SELECT", "grant", HttpStatusCode.NotFound)]
    [InlineData("alice@example.com", "schema", "main.nope", "USE_SCHEMA", "grant", HttpStatusCode.NotFound)]
    [InlineData("alice@example.com", "catalog", "nope", "USE_CATALOG", "grant", HttpStatusCode.NotFound)]
    [InlineData("alice@example.com", "serving-endpoint", "nope", "CAN_QUERY", "grant", HttpStatusCode.NotFound)]
    [InlineData("alice@example.com", "table", "main.default.customers", "USE_CATALOG", "grant", HttpStatusCode.BadRequest)]
    [InlineData("alice@example.com", "table", "main.default.customers", "SELECT", "maybe", HttpStatusCode.BadRequest)]
    [InlineData("alice@example.com", "volume", "main.default.customers", "SELECT", "grant", HttpStatusCode.BadRequest)]
    public async Task Invalid_grants_are_refused(string principal, string type, string fullName, string privilege, string action, HttpStatusCode status)
    {
        using var anonymous = _workspace.Anonymous();
        using var response = await anonymous.PostAsJsonAsync("/__mock/grants", new { principal, securable_type = type, full_name = fullName, privilege, action });
        response.StatusCode.Should().Be(status);
    }

    [Fact]
    public async Task A_grant_that_is_already_held_changes_nothing()
    {
        var (user, token) = await _workspace.NewUserAsync();
        await _workspace.GrantAsync(user, "table", "main.default.customers", "SELECT", "grant");
        await _workspace.GrantAsync(user, "table", "main.default.customers", "SELECT", "grant");
        using var client = _workspace.As(token);
        MockWorkspace.State(await MockWorkspace.RunAsync(client, "SELECT COUNT(*) FROM main.default.customers")).Should().Be("SUCCEEDED");
    }

    [Fact]
    public async Task Reset_restores_the_seed_grants_clears_faults_and_resets_the_flaky_counter()
    {
        await _workspace.GrantAsync("carol@example.com", "table", "samples.tpch.nation", "SELECT", "revoke");
        using var carol = _workspace.As("mock-token-carol");
        MockWorkspace.State(await MockWorkspace.RunAsync(carol, "SELECT COUNT(*) FROM samples.tpch.nation")).Should().Be("FAILED");
        using var alice = _workspace.As("mock-token-alice");
        for (var i = 0; i < 3; i++)
        {
            await alice.PostAsJsonAsync("/serving-endpoints/flaky-model/invocations", new { instances = new[] { 1.0 } });
        }

        (await alice.PostAsJsonAsync("/serving-endpoints/flaky-model/invocations", new { instances = new[] { 1.0 } })).StatusCode.Should().Be(HttpStatusCode.OK);
        await _workspace.AddFaultAsync(new { area = "scim", status = 503, count = 100 });

        using var anonymous = _workspace.Anonymous();
        (await anonymous.PostAsync(new Uri("/__mock/reset", UriKind.Relative), null)).StatusCode.Should().Be(HttpStatusCode.NoContent);

        MockWorkspace.State(await MockWorkspace.RunAsync(carol, "SELECT COUNT(*) FROM samples.tpch.nation")).Should().Be("SUCCEEDED");
        (await alice.GetAsync(new Uri("/api/2.0/preview/scim/v2/Me", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        (await alice.PostAsJsonAsync("/serving-endpoints/flaky-model/invocations", new { instances = new[] { 1.0 } })).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await alice.PostAsJsonAsync("/serving-endpoints/flaky-model/invocations", new { instances = new[] { 1.0 } })).StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        (await alice.PostAsJsonAsync("/serving-endpoints/flaky-model/invocations", new { instances = new[] { 1.0 } })).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_journal_filters_by_area_and_limits_its_length()
    {
        var (user, token) = await _workspace.NewUserAsync();
        using var client = _workspace.As(token);
        await client.GetAsync(new Uri("/api/2.0/preview/scim/v2/Me", UriKind.Relative));
        await client.GetAsync(new Uri("/api/2.1/unity-catalog/catalogs", UriKind.Relative));

        var scim = await client.GetFromJsonAsync<JsonElement>("/__mock/requests?area=scim&limit=1");
        scim.GetArrayLength().Should().Be(1);
        scim[0].GetProperty("path").GetString().Should().Be("/api/2.0/preview/scim/v2/Me");
        var all = await client.GetFromJsonAsync<JsonElement>("/__mock/requests");
        all.EnumerateArray().Where(e => e.GetProperty("user_name").GetString() == user).Select(e => e.GetProperty("path").GetString())
            .Should().StartWith(["/api/2.1/unity-catalog/catalogs", "/api/2.0/preview/scim/v2/Me"]);
        var mine = await client.GetFromJsonAsync<JsonElement>($"/__mock/requests?user_name={Uri.EscapeDataString(user)}");
        mine.EnumerateArray().Select(e => e.GetProperty("path").GetString())
            .Should().Equal("/api/2.1/unity-catalog/catalogs", "/api/2.0/preview/scim/v2/Me");
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path) =>
        method == "GET"
            ? client.GetAsync(new Uri(path, UriKind.Relative))
            : client.PostAsync(new Uri(path, UriKind.Relative), JsonContent.Create(path.Contains("credentials", StringComparison.Ordinal)
                ? new { instance_names = new[] { "mock-lakebase" }, request_id = Guid.NewGuid().ToString() }
                : (object)new { input = "hello" }));
}
