using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tests.Support;
using Xunit.Abstractions;
using static Tests.Support.CatalogClient;

namespace Tests.UnityCatalog;

/// <summary>
/// The eight filter operators, <c>columns</c> and <c>order_by</c> of <c>/query</c>, checked against what the mock's
/// generated <c>main.default.customers</c> holds (100 rows whose values follow from the id).
/// </summary>
public sealed class QueryFilterTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    private static readonly string?[] Countries = ["NL", "US", "FR", "DE", "JP", "BR", "IN"];

    private static string? Country(int id) => id % 17 == 0 ? null : Countries[id % 7];

    private static decimal? LifetimeValue(int id) => id % 13 == 0 ? null : Math.Round(id * 37.25m % 5000, 2);

    private static bool? Active(int id) => id % 19 == 0 ? null : id % 3 != 0;

    private static int[] Ids(Func<int, bool> match) => [.. Enumerable.Range(1, 100).Where(match)];

    public static TheoryData<string, string, object?, int[]> Operators => new()
    {
        { "country", "eq", "FR", Ids(id => Country(id) == "FR") },
        { "country", "ne", "NL", Ids(id => Country(id) is { } c && c != "NL") },
        { "id", "lt", 5, Ids(id => id < 5) },
        { "id", "le", 5, Ids(id => id <= 5) },
        { "id", "gt", 95, Ids(id => id > 95) },
        { "id", "ge", 95, Ids(id => id >= 95) },
        { "name", "like", "Customer 01%", Ids(id => id is >= 10 and <= 19) },
        { "id", "in", new[] { 3, 1, 2, 1000 }, [1, 2, 3] },
        { "country", "in", new[] { "JP", "BR" }, Ids(id => Country(id) is "JP" or "BR") },
        { "email", "is_null", null, Ids(id => id % 10 == 0) },
        { "lifetime_value", "is_not_null", null, Ids(id => LifetimeValue(id) is not null) },
        { "lifetime_value", "gt", "3700.50", Ids(id => LifetimeValue(id) > 3700.50m) },
        { "lifetime_value", "le", 100, Ids(id => LifetimeValue(id) <= 100m) },
        { "signup_date", "ge", "2023-01-31", Ids(id => id >= 10) },
        { "active", "eq", true, Ids(id => Active(id) == true) },
        { "active", "eq", false, Ids(id => Active(id) == false) },
        { "id", "eq", "42", [42] },
    };

    [Theory]
    [MemberData(nameof(Operators))]
    public async Task Each_filter_operator_returns_exactly_the_matching_rows(string column, string op, object? value, int[] expected)
    {
        using var alice = await NewUserAsync(Topology);

        var filter = op is "is_null" or "is_not_null" ? (object)new { column, op } : new { column, op, value };
        var result = await alice.QueryOkAsync(new { catalog = "main", schema = "default", table = "customers", columns = new[] { "id" }, filters = new[] { filter }, limit = 1000 });

        Column(result, "id").Should().Equal(expected.Select(i => i.ToString(CultureInfo.InvariantCulture)), "rows come in id order when no order is asked for");
        result.GetProperty("total_row_count").GetInt64().Should().Be(expected.Length);
    }

    [Fact]
    public async Task Filters_combine_with_AND()
    {
        using var alice = await NewUserAsync(Topology);

        var result = await alice.QueryOkAsync(new
        {
            catalog = "main", schema = "default", table = "customers", columns = new[] { "id" },
            filters = new object[] { new { column = "id", op = "ge", value = 50 }, new { column = "country", op = "eq", value = "US" }, new { column = "email", op = "is_not_null" } },
        });

        Column(result, "id").Should().Equal(Ids(id => id >= 50 && Country(id) == "US" && id % 10 != 0).Select(i => i.ToString(CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Filters_on_timestamps_and_doubles_compare_as_their_types()
    {
        using var alice = await NewUserAsync(Topology);

        var early = await alice.QueryOkAsync(new
        {
            catalog = "main", schema = "default", table = "orders", columns = new[] { "order_id", "ordered_at" },
            filters = new[] { new { column = "ordered_at", op = "lt", value = "2024-01-01T05:00:00Z" } },
        });
        Column(early, "order_id").Should().Equal("1", "2", "3");
        Column(early, "ordered_at").Should().Equal("\"2024-01-01T01:37:00.000Z\"", "\"2024-01-01T03:14:00.000Z\"", "\"2024-01-01T04:51:00.000Z\"");

        var cheap = await alice.QueryOkAsync(new
        {
            catalog = "main", schema = "default", table = "orders", columns = new[] { "order_id", "amount" },
            filters = new[] { new { column = "amount", op = "lt", value = 5 } }, limit = 1000,
        });
        Rows(cheap).Should().NotBeEmpty().And.OnlyContain(r => r.GetProperty("amount").GetDouble() < 5);
        cheap.GetProperty("total_row_count").GetInt64().Should().Be(
            Enumerable.Range(1, 1000).Count(g => g * 1013 % 100000 / 100.0 < 5));
    }

    [Fact]
    public async Task Columns_choose_and_order_the_returned_columns()
    {
        using var alice = await NewUserAsync(Topology);

        var result = await alice.OkAsync("query", "catalog=main&schema=default&table=customers&columns=name,ID&limit=2");

        result.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()).Should().Equal("name", "id");
        Rows(result).Select(r => r.EnumerateObject().Select(p => p.Name).ToList()).Should().AllSatisfy(names => names.Should().Equal("name", "id"));
        Column(result, "name").Should().Equal("\"Customer 001\"", "\"Customer 002\"");
    }

    [Fact]
    public async Task Order_by_sorts_by_the_given_columns_with_the_table_order_as_tie_breaker()
    {
        using var alice = await NewUserAsync(Topology);

        var byCountry = await alice.OkAsync("query", "catalog=main&schema=default&table=customers&columns=id,country&order_by=country:desc&limit=1000");

        // Spark's default: NULLs last when descending; the table's first column breaks ties.
        var expected = Enumerable.Range(1, 100)
            .OrderBy(id => Country(id) is null ? 1 : 0).ThenByDescending(Country, StringComparer.Ordinal).ThenBy(id => id)
            .Select(id => id.ToString(CultureInfo.InvariantCulture));
        Column(byCountry, "id").Should().Equal(expected);

        var posted = await alice.QueryOkAsync(new
        {
            catalog = "main", schema = "default", table = "orders", columns = new[] { "order_id", "status" },
            order_by = new[] { new { column = "status", direction = "ASC" }, new { column = "order_id", direction = "desc" } }, limit = 3,
        });
        Column(posted, "status").Should().AllBe("\"CANCELLED\"");
        Column(posted, "order_id").Should().Equal("999", "995", "991");
    }

    [Fact]
    public async Task Without_order_by_the_first_column_orders_the_rows_so_pages_are_stable()
    {
        using var alice = await NewUserAsync(Topology);

        var first = await alice.OkAsync("query", "catalog=main&schema=default&table=updates&limit=3");
        var second = await alice.OkAsync("query", "catalog=main&schema=default&table=updates&limit=3&offset=3");

        Column(first, "id").Concat(Column(second, "id")).Should().Equal("1", "2", "3", "4", "5");
        first.GetProperty("next_offset").GetInt32().Should().Be(3);
        second.GetProperty("next_offset").ValueKind.Should().Be(JsonValueKind.Null);
        second.GetProperty("total_row_count").GetInt64().Should().Be(5);
    }

    public static TheoryData<string, string[]> InvalidBodies => new()
    {
        { """{"schema":"default","catalog":"main"}""", ["table"] },
        { """{"catalog":"main","schema":"default","table":"customers","columns":[]}""", ["columns"] },
        { """{"catalog":"main","schema":"default","table":"customers","columns":["id",""]}""", ["columns"] },
        { """{"catalog":"main","schema":"default","table":"customers","filters":[{"column":"id","op":"between","value":1}]}""", ["filters"] },
        { """{"catalog":"main","schema":"default","table":"customers","filters":[{"op":"eq","value":1}]}""", ["filters"] },
        { """{"catalog":"main","schema":"default","table":"customers","filters":[null]}""", ["filters"] },
        { """{"catalog":"main","schema":"default","table":"customers","filters":[{"column":"id","op":"eq"}]}""", ["filters"] },
        { """{"catalog":"main","schema":"default","table":"customers","filters":[{"column":"id","op":"eq","value":null}]}""", ["filters"] },
        { """{"catalog":"main","schema":"default","table":"customers","filters":[{"column":"id","op":"eq","value":{"a":1}}]}""", ["filters"] },
        { """{"catalog":"main","schema":"default","table":"customers","filters":[{"column":"id","op":"in","value":[]}]}""", ["filters"] },
        { """{"catalog":"main","schema":"default","table":"customers","filters":[{"column":"id","op":"in","value":1}]}""", ["filters"] },
        { """{"catalog":"main","schema":"default","table":"customers","filters":[{"column":"id","op":"in","value":[1,null]}]}""", ["filters"] },
        { """{"catalog":"main","schema":"default","table":"customers","filters":[{"column":"email","op":"is_null","value":"x"}]}""", ["filters"] },
        { """{"catalog":"main","schema":"default","table":"customers","order_by":[{"column":"id","direction":"up"}]}""", ["order_by"] },
        { """{"catalog":"main","schema":"default","table":"customers","order_by":[{"direction":"asc"}]}""", ["order_by"] },
        { """{"catalog":"main","schema":"default","table":"customers","order_by":[null]}""", ["order_by"] },
        { """{"catalog":"main.x","schema":"de fault","table":"a/b"}""", ["catalog", "schema", "table"] },
        { """{"catalog":"main","schema":"default","table":"customers","columns":["nope"],"filters":[{"column":"nada","op":"eq","value":1}],"order_by":[{"column":"zilch"}]}""", ["columns", "filters", "order_by"] },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task An_invalid_query_gives_400_INVALID_QUERY_and_sends_no_SQL(string body, string[] fields)
    {
        using var alice = await NewUserAsync(Topology);

        using var response = await alice.PostRawAsync(body);

        await InvalidAsync(response, fields);
        (await StatementsOfAsync(alice.UserName)).Should().BeEmpty("a request is checked before any SQL is sent");
    }

    [Theory]
    [InlineData("table=customers&catalog=main&schema=default&columns=id,,name", "columns")]
    [InlineData("table=customers&catalog=main&schema=default&columns=id,secret", "columns")]
    [InlineData("table=customers&catalog=main&schema=default&order_by=id:sideways", "order_by")]
    [InlineData("table=customers&catalog=main&schema=default&order_by=nope:desc", "order_by")]
    [InlineData("catalog=main&schema=default", "table")]
    [InlineData("table=customers&catalog=main&schema=default&order_by=id,,name", "order_by")]
    public async Task An_invalid_GET_query_gives_400_INVALID_QUERY(string query, string field)
    {
        using var alice = await NewUserAsync(Topology);

        using var response = await alice.GetAsync("query", query);

        await InvalidAsync(response, field);
    }

    [Theory]
    [InlineData("""{"column":"id","op":"eq","value":"forty-two"}""")]
    [InlineData("""{"column":"signup_date","op":"lt","value":"yesterday"}""")]
    [InlineData("""{"column":"id","op":"like","value":"4%"}""")]
    public async Task A_value_the_warehouse_cannot_use_for_the_column_gives_400_INVALID_QUERY(string filter)
    {
        using var alice = await NewUserAsync(Topology);

        using var response = await alice.PostRawAsync($$"""{"catalog":"main","schema":"default","table":"customers","filters":[{{filter}}]}""");

        await InvalidAsync(response, "filters");
    }

    [Fact]
    public async Task A_malformed_body_gives_400_and_a_wrong_content_type_415()
    {
        using var alice = await NewUserAsync(Topology);

        using var malformed = await alice.PostRawAsync("""{"catalog":"main",""");
        await PreferencesClient.ProblemAsync(malformed, HttpStatusCode.BadRequest, "INVALID_REQUEST");
        using var text = await alice.PostRawAsync("""{"table":"customers"}""", "text/plain");
        await PreferencesClient.ProblemAsync(text, HttpStatusCode.UnsupportedMediaType, "UNSUPPORTED_MEDIA_TYPE");
    }

    private Task<List<JsonElement>> StatementsOfAsync(string userName) => new MockWorkspace(Topology).RequestsOfAsync(userName, "sql");
}
