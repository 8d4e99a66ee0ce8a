using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tests.Support;
using Xunit.Abstractions;
using static Tests.Support.CatalogClient;

namespace Tests.UnityCatalog;

/// <summary>
/// SQL-injection attempts in identifiers and values are inert: a 400 or a 404, never a 500, and never another table's
/// rows. Values are parameters and identifiers are quoted, so an attempt is at most a name that does not exist.
/// </summary>
public sealed class InjectionTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    public static TheoryData<string> HostileQueries => new()
    {
        "catalog=main&schema=default&table=" + Uri.EscapeDataString("customers; DROP TABLE customers"),
        "catalog=main&schema=default&table=" + Uri.EscapeDataString("customers`;DROP--"),
        "catalog=main&schema=default&table=" + Uri.EscapeDataString("customers` UNION SELECT * FROM finance.ledger.entries --"),
        "catalog=" + Uri.EscapeDataString("finance`.`ledger") + "&schema=default&table=entries",
        "catalog=main&schema=" + Uri.EscapeDataString("default`--") + "&table=customers",
        "catalog=main&schema=default&table=customers&columns=" + Uri.EscapeDataString("id`, (SELECT 1) AS `x"),
        "catalog=main&schema=default&table=customers&columns=" + Uri.EscapeDataString("*"),
        "catalog=main&schema=default&table=customers&order_by=" + Uri.EscapeDataString("id; DROP TABLE customers:desc"),
        "catalog=main&schema=default&table=customers&order_by=" + Uri.EscapeDataString("(SELECT 1)"),
        "catalog=main&schema=default&table=customers&limit=" + Uri.EscapeDataString("1; DROP TABLE customers"),
    };

    [Theory]
    [MemberData(nameof(HostileQueries))]
    public async Task Hostile_identifiers_give_400_or_404_and_never_rows(string query)
    {
        using var alice = await NewUserAsync(Topology);

        using var response = await alice.GetAsync("query", query);

        var text = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().BeOneOf([HttpStatusCode.BadRequest, HttpStatusCode.NotFound], text);
        text.Should().NotContain("\"rows\"");
        JsonDocument.Parse(text).RootElement.GetProperty("error_code").GetString().Should().BeOneOf("INVALID_QUERY", "TABLE_NOT_FOUND", "SCHEMA_NOT_FOUND", "CATALOG_NOT_FOUND");
    }

    [Theory]
    [InlineData("' OR '1'='1")]
    [InlineData("NL' OR 1=1 --")]
    [InlineData("NL'; DROP TABLE customers; --")]
    [InlineData("\\' OR 1=1 --")]
    [InlineData(":f1")]
    public async Task Hostile_filter_values_match_nothing_because_they_are_parameters(string value)
    {
        using var alice = await NewUserAsync(Topology);

        var eq = await alice.QueryOkAsync(new { catalog = "main", schema = "default", table = "customers", filters = new[] { new { column = "country", op = "eq", value } } });
        Rows(eq).Should().BeEmpty();
        var like = await alice.QueryOkAsync(new { catalog = "main", schema = "default", table = "customers", filters = new[] { new { column = "name", op = "like", value = "%" + value } } });
        Rows(like).Should().BeEmpty();
        var inList = await alice.QueryOkAsync(new { catalog = "main", schema = "default", table = "customers", filters = new[] { new { column = "country", op = "in", value = new[] { value, "NL" } } } });
        Column(inList, "country").Should().NotBeEmpty().And.AllBe("\"NL\"");

        // The table is still there.
        (await alice.OkAsync("query", "catalog=main&schema=default&table=customers&limit=1")).GetProperty("total_row_count").GetInt64().Should().Be(100);
    }

    [Fact]
    public async Task A_backtick_in_a_path_name_is_a_table_that_does_not_exist()
    {
        using var alice = await NewUserAsync(Topology);

        using var response = await alice.Http.GetAsync(TableUri("main", "default", "customers`--"));
        await PreferencesClient.ProblemAsync(response, HttpStatusCode.NotFound, "TABLE_NOT_FOUND");
        using var dotted = await alice.Http.GetAsync(TableUri("main", "default", "finance.ledger"));
        await InvalidAsync(dotted, "table");
    }

    [Fact]
    public async Task Identifiers_reach_the_warehouse_backtick_quoted_and_values_as_parameters()
    {
        // Straight to the mock with the statement the service would send for a table whose name holds a backtick:
        // doubling keeps it one identifier, so the warehouse looks for a table of that name and finds none.
        using var mock = new MockWorkspace(Topology).As("mock-token-alice");
        var failed = await MockWorkspace.RunAsync(mock, "SELECT `id` FROM `main`.`default`.`customers``; --` LIMIT :row_limit OFFSET :row_offset",
            [new { name = "row_limit", value = "1", type = "INT" }, new { name = "row_offset", value = "0", type = "INT" }]);
        MockWorkspace.State(failed).Should().Be("FAILED");
        MockWorkspace.ErrorMessage(failed).Should().StartWith("[TABLE_OR_VIEW_NOT_FOUND]");

        using var alice = await NewUserAsync(Topology);
        var result = await alice.QueryOkAsync(new { catalog = "main", schema = "default", table = "customers", filters = new[] { new { column = "name", op = "eq", value = "Customer 007" } } });
        Column(result, "id").Should().Equal("7");
        (await new MockWorkspace(Topology).RequestsOfAsync(alice.UserName, "sql"))
            .Should().ContainSingle("a page that is not full tells the total, so no count statement is needed")
            .Which.GetProperty("method").GetString().Should().Be("POST");
    }
}
