using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tests.Support;
using Xunit.Abstractions;

namespace Tests.MockDatabricks;

public sealed class UnityCatalogTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    private const string Base = "/api/2.1/unity-catalog";
    private readonly MockWorkspace _workspace = new(topology);

    [Theory]
    [InlineData("mock-token-alice", new[] { "main", "samples" })]
    [InlineData("mock-token-carol", new[] { "samples" })]
    [InlineData("mock-token-admin", new[] { "finance", "main", "samples" })]
    public async Task Catalogs_are_filtered_by_the_callers_privileges(string token, string[] expected)
    {
        using var client = _workspace.As(token);
        var body = await client.GetFromJsonAsync<JsonElement>($"{Base}/catalogs");

        body.GetProperty("catalogs").EnumerateArray().Select(c => c.GetProperty("name").GetString()).Should().Equal(expected);
        body.TryGetProperty("next_page_token", out _).Should().BeFalse();
    }

    [Fact]
    public async Task Paging_can_return_an_empty_page_that_still_carries_a_token()
    {
        using var carol = _workspace.As("mock-token-carol");
        var pages = new List<List<string>>();
        string? token = null;
        do
        {
            var url = $"{Base}/catalogs?max_results=1" + (token is null ? "" : $"&page_token={Uri.EscapeDataString(token)}");
            var page = await carol.GetFromJsonAsync<JsonElement>(url);
            pages.Add(page.GetProperty("catalogs").EnumerateArray().Select(c => c.GetProperty("name").GetString()!).ToList());
            token = page.TryGetProperty("next_page_token", out var next) ? next.GetString() : null;
        }
        while (token is not null && pages.Count < 10);

        pages.Should().HaveCount(3);
        pages[0].Should().BeEmpty("finance comes first and carol may not see it, yet the page has a token");
        pages.SelectMany(p => p).Should().Equal("samples");
    }

    [Fact]
    public async Task Schemas_and_tables_page_with_max_results()
    {
        using var alice = _workspace.As("mock-token-alice");
        var first = await alice.GetFromJsonAsync<JsonElement>($"{Base}/tables?catalog_name=main&schema_name=default&max_results=3");
        first.GetProperty("tables").EnumerateArray().Select(t => t.GetProperty("name").GetString()).Should().Equal("café_ventes", "customers", "orders");
        var token = first.GetProperty("next_page_token").GetString();
        var second = await alice.GetFromJsonAsync<JsonElement>($"{Base}/tables?catalog_name=main&schema_name=default&max_results=3&page_token={Uri.EscapeDataString(token!)}");
        second.GetProperty("tables").EnumerateArray().Select(t => t.GetProperty("name").GetString()).Should().Equal("updates");
        second.TryGetProperty("next_page_token", out _).Should().BeFalse();

        var schemas = await alice.GetFromJsonAsync<JsonElement>($"{Base}/schemas?catalog_name=main&max_results=0");
        schemas.GetProperty("schemas").EnumerateArray().Select(s => s.GetProperty("full_name").GetString()).Should().Equal("main.default", "main.sales");
    }

    [Fact]
    public async Task A_page_token_from_another_list_or_a_negative_size_is_refused()
    {
        using var alice = _workspace.As("mock-token-alice");
        var catalogs = await alice.GetFromJsonAsync<JsonElement>($"{Base}/catalogs?max_results=1");
        var token = catalogs.GetProperty("next_page_token").GetString()!;

        foreach (var url in new[]
                 {
                     $"{Base}/schemas?catalog_name=main&page_token={Uri.EscapeDataString(token)}",
                     $"{Base}/catalogs?page_token=not-base64!",
                     $"{Base}/catalogs?page_token=Zm9v",
                     $"{Base}/catalogs?max_results=-1",
                 })
        {
            using var response = await alice.GetAsync(new Uri(url, UriKind.Relative));
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest, url);
            (await MockWorkspace.JsonAsync(response)).GetProperty("error_code").GetString().Should().Be("INVALID_PARAMETER_VALUE");
        }
    }

    [Fact]
    public async Task A_table_has_typed_columns_and_epoch_millisecond_timestamps()
    {
        using var alice = _workspace.As("mock-token-alice");
        var table = await alice.GetFromJsonAsync<JsonElement>($"{Base}/tables/main.default.customers");

        table.GetProperty("full_name").GetString().Should().Be("main.default.customers");
        table.GetProperty("table_type").GetString().Should().Be("MANAGED");
        table.GetProperty("data_source_format").GetString().Should().Be("DELTA");
        table.GetProperty("created_at").GetInt64().Should().BeGreaterThan(1_600_000_000_000);
        var columns = table.GetProperty("columns").EnumerateArray().ToList();
        columns.Select(c => (c.GetProperty("name").GetString(), c.GetProperty("type_name").GetString(), c.GetProperty("type_text").GetString(), c.GetProperty("position").GetInt32()))
            .Should().Equal(
                ("id", "LONG", "bigint", 0), ("name", "STRING", "string", 1), ("email", "STRING", "string", 2), ("country", "STRING", "string", 3),
                ("signup_date", "DATE", "date", 4), ("lifetime_value", "DECIMAL", "decimal(10,2)", 5), ("active", "BOOLEAN", "boolean", 6));
        columns[5].GetProperty("type_precision").GetInt32().Should().Be(10);
        columns[5].GetProperty("type_scale").GetInt32().Should().Be(2);
        columns[0].GetProperty("nullable").GetBoolean().Should().BeFalse();

        var unicode = await alice.GetFromJsonAsync<JsonElement>($"{Base}/tables/{Uri.EscapeDataString("main.default.café_ventes")}");
        unicode.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("type_text").GetString()).Should().Equal("bigint", "string", "int", "decimal(6,2)");
        var transactions = await alice.GetFromJsonAsync<JsonElement>($"{Base}/tables/main.sales.transactions");
        transactions.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("type_text").GetString()).Should().Equal("bigint", "string", "decimal(12,2)", "timestamp");
        var orders = await alice.GetFromJsonAsync<JsonElement>($"{Base}/tables/main.default.orders");
        orders.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("type_text").GetString()).Should().Equal("bigint", "bigint", "double", "string", "timestamp");
    }

    [Fact]
    public async Task Gets_of_catalogs_and_schemas_answer_their_info()
    {
        using var alice = _workspace.As("mock-token-alice");
        var catalog = await alice.GetFromJsonAsync<JsonElement>($"{Base}/catalogs/main");
        catalog.GetProperty("catalog_type").GetString().Should().Be("MANAGED_CATALOG");
        catalog.GetProperty("owner").GetString().Should().Be("admin@example.com");
        var schema = await alice.GetFromJsonAsync<JsonElement>($"{Base}/schemas/main.sales");
        schema.GetProperty("catalog_name").GetString().Should().Be("main");
        schema.GetProperty("full_name").GetString().Should().Be("main.sales");
    }

    [Theory]
    [InlineData("/catalogs/nope", "CATALOG_DOES_NOT_EXIST", "Catalog 'nope' does not exist.")]
    [InlineData("/schemas/main.nope", "SCHEMA_DOES_NOT_EXIST", "Schema 'main.nope' does not exist.")]
    [InlineData("/schemas/nope.x", "CATALOG_DOES_NOT_EXIST", "Catalog 'nope' does not exist.")]
    [InlineData("/tables/main.default.nope", "TABLE_DOES_NOT_EXIST", "Table 'main.default.nope' does not exist.")]
    [InlineData("/schemas?catalog_name=nope", "CATALOG_DOES_NOT_EXIST", "Catalog 'nope' does not exist.")]
    [InlineData("/tables?catalog_name=main&schema_name=nope", "SCHEMA_DOES_NOT_EXIST", "Schema 'main.nope' does not exist.")]
    public async Task Missing_objects_are_404_with_a_specific_code(string path, string code, string message)
    {
        using var alice = _workspace.As("mock-token-alice");
        using var response = await alice.GetAsync(new Uri(Base + path, UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var body = await MockWorkspace.JsonAsync(response);
        body.GetProperty("error_code").GetString().Should().Be(code);
        body.GetProperty("message").GetString().Should().Be(message);
        body.GetProperty("details")[0].GetProperty("@type").GetString().Should().Be("type.googleapis.com/google.rpc.RequestInfo");
    }

    [Theory]
    [InlineData("/catalogs/main", "User does not have USE CATALOG on Catalog 'main'.")]
    [InlineData("/schemas/main.default", "User does not have USE CATALOG on Catalog 'main'.")]
    [InlineData("/tables/main.default.customers", "User does not have USE CATALOG on Catalog 'main'.")]
    [InlineData("/schemas?catalog_name=main", "User does not have USE CATALOG on Catalog 'main'.")]
    [InlineData("/tables?catalog_name=finance&schema_name=ledger", "User does not have USE CATALOG on Catalog 'finance'.")]
    public async Task Objects_without_privilege_are_403_PERMISSION_DENIED(string path, string message)
    {
        using var carol = _workspace.As("mock-token-carol");
        using var response = await carol.GetAsync(new Uri(Base + path, UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        var body = await MockWorkspace.JsonAsync(response);
        body.GetProperty("error_code").GetString().Should().Be("PERMISSION_DENIED");
        body.GetProperty("message").GetString().Should().Be(message);
        body.GetProperty("details").EnumerateArray().Select(d => d.GetProperty("@type").GetString())
            .Should().Contain("type.googleapis.com/google.rpc.ErrorInfo");
    }

    [Fact]
    public async Task Revoking_a_table_hides_it_from_lists_and_refuses_its_get_on_the_next_request()
    {
        var (user, token) = await _workspace.NewUserAsync();
        using var client = _workspace.As(token);
        await _workspace.GrantAsync(user, "table", "main.default.orders", "SELECT", "revoke");

        var tables = await client.GetFromJsonAsync<JsonElement>($"{Base}/tables?catalog_name=main&schema_name=default");
        tables.GetProperty("tables").EnumerateArray().Select(t => t.GetProperty("name").GetString()).Should().NotContain("orders").And.Contain("customers");
        using var get = await client.GetAsync(new Uri($"{Base}/tables/main.default.orders", UriKind.Relative));
        get.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await MockWorkspace.JsonAsync(get)).GetProperty("message").GetString().Should().Be("User does not have SELECT on Table 'main.default.orders'.");

        await _workspace.GrantAsync(user, "schema", "main.sales", "USE_SCHEMA", "revoke");
        using var schema = await client.GetAsync(new Uri($"{Base}/schemas/main.sales", UriKind.Relative));
        schema.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await MockWorkspace.JsonAsync(schema)).GetProperty("message").GetString().Should().Be("User does not have USE SCHEMA on Schema 'main.sales'.");
        var schemas = await client.GetFromJsonAsync<JsonElement>($"{Base}/schemas?catalog_name=main");
        schemas.GetProperty("schemas").EnumerateArray().Select(s => s.GetProperty("name").GetString()).Should().Equal("default");
    }

    [Fact]
    public async Task A_catalog_level_grant_is_inherited_by_its_tables()
    {
        var (user, token) = await _workspace.NewUserAsync("carol@example.com");
        using var client = _workspace.As(token);
        (await client.GetAsync(new Uri($"{Base}/tables/main.default.customers", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Forbidden);

        await _workspace.GrantAsync(user, "catalog", "main", "USE_CATALOG", "grant");
        await _workspace.GrantAsync(user, "catalog", "main", "USE_SCHEMA", "grant");
        await _workspace.GrantAsync(user, "catalog", "main", "SELECT", "grant");

        (await client.GetAsync(new Uri($"{Base}/tables/main.default.customers", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK);
        var result = await MockWorkspace.RunAsync(client, "SELECT COUNT(*) FROM main.default.customers");
        MockWorkspace.Rows(result).Should().BeEquivalentTo([new[] { "100" }]);
    }

    [Theory]
    [InlineData("/schemas")]
    [InlineData("/tables?catalog_name=main")]
    [InlineData("/tables?schema_name=default")]
    [InlineData("/schemas/main")]
    [InlineData("/tables/main.default")]
    public async Task Missing_or_malformed_names_are_400(string path)
    {
        using var alice = _workspace.As("mock-token-alice");
        using var response = await alice.GetAsync(new Uri(Base + path, UriKind.Relative));
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await MockWorkspace.JsonAsync(response)).GetProperty("error_code").GetString().Should().Be("INVALID_PARAMETER_VALUE");
    }
}
