using System.Net;
using System.Text.Json;
using Tests.Support;
using Xunit.Abstractions;
using static Tests.Support.CatalogClient;

namespace Tests.UnityCatalog;

/// <summary>The spec's user story 2, scenario by scenario, against the running topology with a fresh user each.</summary>
public sealed class UnityCatalogFullFlowTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    [Fact]
    public async Task US2_1_a_user_gets_the_catalogs_they_may_use_in_ordinal_order()
    {
        using var alice = await NewUserAsync(Topology);
        using var carol = await NewUserAsync(Topology, like: "carol@example.com");
        using var admin = await NewUserAsync(Topology, like: "admin@example.com");

        var page = await alice.OkAsync("catalogs");

        Names(page).Should().Equal("main", "samples");
        page.GetProperty("total_count").GetInt32().Should().Be(2);
        page.GetProperty("limit").GetInt32().Should().Be(100);
        page.GetProperty("offset").GetInt32().Should().Be(0);
        page.GetProperty("next_offset").ValueKind.Should().Be(JsonValueKind.Null);
        Names(await carol.OkAsync("catalogs")).Should().Equal("samples");
        Names(await admin.OkAsync("catalogs")).Should().Equal("finance", "main", "samples");
    }

    [Fact]
    public async Task US2_2_a_catalog_name_gives_its_schema_names()
    {
        using var alice = await NewUserAsync(Topology);

        Names(await alice.OkAsync("schemas", "catalog=main")).Should().Equal("default", "sales");
        Names(await alice.OkAsync("schemas", "catalog=samples")).Should().Equal("tpch");
        var paged = await alice.OkAsync("schemas", "catalog=main&limit=1&offset=1");
        Names(paged).Should().Equal("sales");
        paged.GetProperty("total_count").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task US2_3_catalog_and_schema_give_the_table_names()
    {
        using var alice = await NewUserAsync(Topology);

        Names(await alice.OkAsync("table-names", "catalog=main&schema=default")).Should().Equal("café_ventes", "customers", "orders", "updates");
        Names(await alice.OkAsync("table-names", "catalog=samples&schema=tpch")).Should().Equal("nation", "region");
        var second = await alice.OkAsync("table-names", "catalog=main&schema=default&limit=3&offset=3");
        Names(second).Should().Equal("updates");
        second.GetProperty("next_offset").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task US2_4_tables_gives_DataSource_objects_with_their_metadata()
    {
        using var alice = await NewUserAsync(Topology);

        var page = await alice.OkAsync("tables", "catalog=main&schema=default&limit=2");

        page.GetProperty("total_count").GetInt32().Should().Be(4);
        page.GetProperty("next_offset").GetInt32().Should().Be(2);
        var items = page.GetProperty("items").EnumerateArray().ToList();
        items.Select(t => t.GetProperty("table_name").GetString()).Should().Equal("café_ventes", "customers");
        var customers = items[1];
        customers.GetProperty("catalog_name").GetString().Should().Be("main");
        customers.GetProperty("schema_name").GetString().Should().Be("default");
        customers.GetProperty("full_name").GetString().Should().Be("main.default.customers");
        customers.GetProperty("table_type").GetString().Should().Be("MANAGED");
        customers.GetProperty("data_source_format").GetString().Should().Be("DELTA");
        customers.GetProperty("owner").GetString().Should().Be("admin@example.com");
        customers.GetProperty("comment").GetString().Should().Be("Customers, with some NULLs");
        ShouldBeUtcMillis(customers.GetProperty("created_at"));
        ShouldBeUtcMillis(customers.GetProperty("updated_at"));
        var columns = customers.GetProperty("columns").EnumerateArray().ToList();
        columns.Select(c => c.GetProperty("name").GetString()).Should().Equal("id", "name", "email", "country", "signup_date", "lifetime_value", "active");
        columns[0].GetProperty("data_type").GetString().Should().Be("LONG");
        columns[0].GetProperty("type_text").GetString().Should().Be("bigint");
        columns[0].GetProperty("nullable").GetBoolean().Should().BeFalse();
        columns[0].GetProperty("position").GetInt32().Should().Be(0);
        columns[0].GetProperty("comment").ValueKind.Should().Be(JsonValueKind.Null);
        columns[5].GetProperty("data_type").GetString().Should().Be("DECIMAL");
        columns[5].GetProperty("type_text").GetString().Should().Be("decimal(10,2)");
        columns[5].GetProperty("nullable").GetBoolean().Should().BeTrue();

        var single = await alice.OkAsync("tables/main/default/customers");
        single.GetProperty("full_name").GetString().Should().Be("main.default.customers");
        single.GetProperty("columns").GetArrayLength().Should().Be(7);
    }

    [Fact]
    public async Task US2_5_GET_query_returns_the_table_data_with_pagination()
    {
        using var alice = await NewUserAsync(Topology);

        var result = await alice.OkAsync("query", "catalog=main&schema=default&table=orders&limit=10&offset=20");

        result.GetProperty("query_id").GetString().Should().NotBeNullOrEmpty();
        var source = result.GetProperty("data_source");
        (source.GetProperty("catalog_name").GetString(), source.GetProperty("schema_name").GetString(), source.GetProperty("table_name").GetString(),
            source.GetProperty("full_name").GetString()).Should().Be(("main", "default", "orders", "main.default.orders"));
        result.GetProperty("columns").EnumerateArray().Select(c => (c.GetProperty("name").GetString(), c.GetProperty("data_type").GetString()))
            .Should().Equal(("order_id", "LONG"), ("customer_id", "LONG"), ("amount", "DOUBLE"), ("status", "STRING"), ("ordered_at", "TIMESTAMP"));
        Column(result, "order_id").Should().Equal(Enumerable.Range(21, 10).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        result.GetProperty("row_count").GetInt32().Should().Be(10);
        result.GetProperty("total_row_count").GetInt64().Should().Be(1000);
        result.GetProperty("limit").GetInt32().Should().Be(10);
        result.GetProperty("offset").GetInt32().Should().Be(20);
        result.GetProperty("next_offset").GetInt32().Should().Be(30);
        result.GetProperty("execution_time_ms").GetInt64().Should().BeGreaterThanOrEqualTo(0);
        PreferencesClient.ShouldBeRecentUtc(result.GetProperty("executed_at"));
        result.GetProperty("user_id").GetString().Should().Be(alice.UserName);
    }

    [Fact]
    public async Task US2_6_POST_query_with_filters_returns_only_the_matching_rows()
    {
        using var alice = await NewUserAsync(Topology);

        var result = await alice.QueryOkAsync(new
        {
            catalog = "main",
            schema = "default",
            table = "customers",
            columns = new[] { "id", "country" },
            filters = new object[]
            {
                new { column = "country", op = "eq", value = "NL" },
                new { column = "id", op = "in", value = new[] { 7, 14, 21, 22, 28 } },
            },
            order_by = new[] { new { column = "id", direction = "desc" } },
        });

        // The mock's country is NL where id % 7 = 0 (and NULL where id % 17 = 0); 22 is US.
        Column(result, "id").Should().Equal("28", "21", "14", "7");
        Column(result, "country").Should().AllBe("\"NL\"");
        result.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()).Should().Equal("id", "country");
        result.GetProperty("total_row_count").GetInt64().Should().Be(4);
        result.GetProperty("next_offset").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task US2_7_a_user_without_the_grants_gets_403_CATALOG_PERMISSION_DENIED()
    {
        using var carol = await NewUserAsync(Topology, like: "carol@example.com");
        using var alice = await NewUserAsync(Topology);

        using var schemas = await carol.GetAsync("schemas", "catalog=main");
        await PreferencesClient.ProblemAsync(schemas, HttpStatusCode.Forbidden, "CATALOG_PERMISSION_DENIED");
        using var tables = await carol.GetAsync("tables", "catalog=main&schema=default");
        await PreferencesClient.ProblemAsync(tables, HttpStatusCode.Forbidden, "CATALOG_PERMISSION_DENIED");
        using var query = await carol.GetAsync("query", "catalog=main&schema=default&table=customers");
        await PreferencesClient.ProblemAsync(query, HttpStatusCode.Forbidden, "CATALOG_PERMISSION_DENIED");
        using var ledger = await alice.QueryAsync(new { catalog = "finance", schema = "ledger", table = "entries" });
        var body = await PreferencesClient.ProblemAsync(ledger, HttpStatusCode.Forbidden, "CATALOG_PERMISSION_DENIED");
        body.GetRawText().Should().NotContain("entries", "nothing of a table the caller may not read is echoed");
        using var table = await alice.Http.GetAsync(TableUri("finance", "ledger", "entries"));
        await PreferencesClient.ProblemAsync(table, HttpStatusCode.Forbidden, "CATALOG_PERMISSION_DENIED");
    }

    [Fact]
    public async Task US2_8_a_table_that_does_not_exist_gives_404_TABLE_NOT_FOUND()
    {
        using var alice = await NewUserAsync(Topology);

        using var query = await alice.GetAsync("query", "catalog=main&schema=default&table=no_such_table");
        await PreferencesClient.ProblemAsync(query, HttpStatusCode.NotFound, "TABLE_NOT_FOUND");
        using var posted = await alice.QueryAsync(new { catalog = "main", schema = "default", table = "no_such_table" });
        await PreferencesClient.ProblemAsync(posted, HttpStatusCode.NotFound, "TABLE_NOT_FOUND");
        using var table = await alice.Http.GetAsync(TableUri("main", "default", "no_such_table"));
        await PreferencesClient.ProblemAsync(table, HttpStatusCode.NotFound, "TABLE_NOT_FOUND");
        using var schema = await alice.GetAsync("query", "catalog=main&schema=no_such_schema&table=customers");
        await PreferencesClient.ProblemAsync(schema, HttpStatusCode.NotFound, "SCHEMA_NOT_FOUND");
        using var catalog = await alice.GetAsync("tables", "catalog=no_such_catalog&schema=default");
        await PreferencesClient.ProblemAsync(catalog, HttpStatusCode.NotFound, "CATALOG_NOT_FOUND");
        using var schemas = await alice.GetAsync("schemas", "catalog=no_such_catalog");
        await PreferencesClient.ProblemAsync(schemas, HttpStatusCode.NotFound, "CATALOG_NOT_FOUND");
        using var tableNames = await alice.GetAsync("table-names", "catalog=main&schema=no_such_schema");
        await PreferencesClient.ProblemAsync(tableNames, HttpStatusCode.NotFound, "SCHEMA_NOT_FOUND");
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=ten", "limit")]
    [InlineData("limit=-5", "limit")]
    [InlineData("offset=-1", "offset")]
    [InlineData("offset=10000001", "offset")]
    [InlineData("offset=1.5", "offset")]
    [InlineData("limit=0&offset=x", "limit", "offset")]
    public async Task US2_9_invalid_limit_or_offset_gives_400_with_validation_details(string page, params string[] fields)
    {
        using var alice = await NewUserAsync(Topology);

        using var query = await alice.GetAsync("query", $"catalog=main&schema=default&table=customers&{page}");
        await InvalidAsync(query, fields);
        using var catalogs = await alice.GetAsync("catalogs", page);
        await InvalidAsync(catalogs, fields);
        using var tables = await alice.GetAsync("tables", $"catalog=main&schema=default&{page}");
        await InvalidAsync(tables, fields);
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("\"many\"")]
    [InlineData("2.5")]
    [InlineData("[1]")]
    [InlineData("\"5\"")]
    [InlineData("{}")]
    public async Task US2_9_an_invalid_limit_in_the_body_gives_400_with_errors_limit(string limit)
    {
        using var alice = await NewUserAsync(Topology);

        using var response = await alice.PostRawAsync($$"""{"catalog":"main","schema":"default","table":"customers","limit":{{limit}},"offset":-1}""");

        await InvalidAsync(response, "limit", "offset");
    }
}
