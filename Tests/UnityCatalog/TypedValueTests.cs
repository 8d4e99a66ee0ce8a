using System.Text.Json;
using Tests.Support;
using Xunit.Abstractions;
using static Tests.Support.CatalogClient;

namespace Tests.UnityCatalog;

/// <summary>Values typed by column type (api-contract.md §3), NULLs, DECIMAL digits and Unicode names.</summary>
public sealed class TypedValueTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    [Fact]
    public async Task Each_column_type_becomes_its_JSON_type()
    {
        using var alice = await NewUserAsync(Topology);

        var result = await alice.OkAsync("query", "catalog=main&schema=default&table=customers&limit=1");

        Rows(result).Should().ContainSingle().Which.GetRawText().Should().Be(
            """{"id":1,"name":"Customer 001","email":"customer1@example.com","country":"US","signup_date":"2023-01-04","lifetime_value":"37.25","active":true}""");
        result.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("data_type").GetString())
            .Should().Equal("LONG", "STRING", "STRING", "STRING", "DATE", "DECIMAL", "BOOLEAN");

        var order = await alice.OkAsync("query", "catalog=main&schema=default&table=orders&limit=1");
        Rows(order).Single().GetRawText().Should().Be("""{"order_id":1,"customer_id":8,"amount":10.13,"status":"PAID","ordered_at":"2024-01-01T01:37:00.000Z"}""");
    }

    [Fact]
    public async Task SQL_NULLs_become_JSON_null_whatever_the_column_type()
    {
        using var alice = await NewUserAsync(Topology);

        var result = await alice.QueryOkAsync(new
        {
            catalog = "main", schema = "default", table = "customers",
            filters = new[] { new { column = "id", op = "in", value = new[] { 10, 13, 17, 19 } } },
        });

        var rows = Rows(result).ToDictionary(r => r.GetProperty("id").GetInt32());
        rows[10].GetProperty("email").ValueKind.Should().Be(JsonValueKind.Null);
        rows[13].GetProperty("lifetime_value").ValueKind.Should().Be(JsonValueKind.Null);
        rows[17].GetProperty("country").ValueKind.Should().Be(JsonValueKind.Null);
        rows[19].GetProperty("active").ValueKind.Should().Be(JsonValueKind.Null);
        rows[10].GetProperty("active").GetBoolean().Should().BeTrue();
        rows[13].GetProperty("email").GetString().Should().Be("customer13@example.com");
    }

    [Fact]
    public async Task A_DECIMAL_with_more_digits_than_a_double_holds_keeps_every_digit()
    {
        using var alice = await NewUserAsync(Topology);

        var result = await alice.OkAsync("query", "catalog=main&schema=sales&table=fx_rates");

        Column(result, "rate").Should().Equal("\"123456789012345678.1234567890\"", "\"0.0000000001\"", "null");
        result.GetProperty("columns").EnumerateArray().Last().GetProperty("data_type").GetString().Should().Be("DECIMAL");

        var exact = await alice.QueryOkAsync(new
        {
            catalog = "main", schema = "sales", table = "fx_rates",
            filters = new[] { new { column = "rate", op = "eq", value = "123456789012345678.1234567890" } },
        });
        Column(exact, "currency").Should().Equal("\"EUR\"");
        var neighbour = await alice.QueryOkAsync(new
        {
            catalog = "main", schema = "sales", table = "fx_rates",
            filters = new[] { new { column = "rate", op = "eq", value = "123456789012345678.1234567891" } },
        });
        Rows(neighbour).Should().BeEmpty("the filter value keeps every digit too");
    }

    [Fact]
    public async Task The_Unicode_table_cafe_ventes_is_reachable_through_percent_encoded_names()
    {
        using var alice = await NewUserAsync(Topology);

        using var tableResponse = await alice.Http.GetAsync(TableUri("main", "default", "café_ventes"));
        var table = await OkAsync(tableResponse);
        table.GetProperty("table_name").GetString().Should().Be("café_ventes");
        table.GetProperty("full_name").GetString().Should().Be("main.default.café_ventes");
        table.GetProperty("columns").EnumerateArray().Select(c => c.GetProperty("name").GetString()).Should().Equal("id", "produit", "quantité", "prix");

        var query = await alice.OkAsync("query", $"catalog=main&schema=default&table={Uri.EscapeDataString("café_ventes")}&columns={Uri.EscapeDataString("produit,quantité,prix")}&order_by={Uri.EscapeDataString("quantité:desc")}");
        query.GetProperty("data_source").GetProperty("table_name").GetString().Should().Be("café_ventes");
        Rows(query).First().GetRawText().Should().Be("""{"produit":"Café noir","quantité":12,"prix":"2.10"}""");
        Column(query, "produit").Should().Contain("\"Crème brûlée\"").And.Contain("\"Œuf cocotte\"");

        var posted = await alice.QueryOkAsync(new
        {
            catalog = "main", schema = "default", table = "café_ventes",
            filters = new[] { new { column = "produit", op = "eq", value = "Thé glacé" } },
        });
        Column(posted, "quantité").Should().Equal("5");
    }

    [Fact]
    public async Task A_table_named_like_a_keyword_is_queried_like_any_other()
    {
        using var alice = await NewUserAsync(Topology);

        var result = await alice.OkAsync("query", "catalog=main&schema=default&table=updates");

        Column(result, "description").Should().Equal("\"first update\"", "\"second update\"", "\"third update\"", "\"delete me not\"", "\"select * from nowhere\"");
        Column(result, "updated_at").First().Should().Be("\"2025-01-01T10:00:00.000Z\"");
    }
}
