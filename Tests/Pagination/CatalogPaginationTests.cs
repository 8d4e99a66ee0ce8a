using System.Globalization;
using System.Text.Json;
using Tests.Support;
using Xunit.Abstractions;
using static Tests.Support.CatalogClient;

namespace Tests.Pagination;

/// <summary>US6.3 and US6.4 on the one-million-row <c>main.sales.transactions</c>, and paging of the catalog lists.</summary>
public sealed class CatalogPaginationTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    private const string Transactions = "catalog=main&schema=sales&table=transactions";
    private const long Total = 1_000_000;

    private static IEnumerable<string> Ids(long first, int count) =>
        Enumerable.Range(0, count).Select(i => (first + i).ToString(CultureInfo.InvariantCulture));

    [Fact]
    public async Task US6_3_paging_the_million_row_table_by_1000_returns_each_row_once_in_order()
    {
        using var alice = await NewUserAsync(Topology);
        var seen = new List<string>();
        int? offset = 0;

        for (var page = 0; page < 5; page++)
        {
            var result = await alice.OkAsync("query", $"{Transactions}&limit=1000&offset={offset}");
            result.GetProperty("row_count").GetInt32().Should().Be(1000);
            result.GetProperty("total_row_count").GetInt64().Should().Be(Total);
            seen.AddRange(Column(result, "id"));
            offset = result.GetProperty("next_offset").GetInt32();
            offset.Should().Be((page + 1) * 1000);
        }

        seen.Should().Equal(Ids(1, 5000)).And.OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task US6_3_a_filtered_page_through_returns_every_matching_row_exactly_once()
    {
        using var alice = await NewUserAsync(Topology);
        var seen = new List<string>();
        int? offset = 0;
        var pages = 0;

        while (offset is { } next)
        {
            var result = await alice.QueryOkAsync(new
            {
                catalog = "main", schema = "sales", table = "transactions", columns = new[] { "id", "store" },
                filters = new[] { new { column = "store", op = "eq", value = "store-07" } }, limit = 1000, offset = next,
            });
            result.GetProperty("total_row_count").GetInt64().Should().Be(20_000);
            Column(result, "store").Should().AllBe("\"store-07\"");
            seen.AddRange(Column(result, "id"));
            offset = result.GetProperty("next_offset").ValueKind == JsonValueKind.Null ? null : result.GetProperty("next_offset").GetInt32();
            (++pages).Should().BeLessThanOrEqualTo(20);
        }

        pages.Should().Be(20);
        seen.Should().HaveCount(20_000).And.OnlyHaveUniqueItems();
        seen.Select(id => long.Parse(id, CultureInfo.InvariantCulture)).Should().BeInAscendingOrder().And.OnlyContain(id => id % 50 == 7);
    }

    [Theory]
    [InlineData(0, 1, 1, 1)]
    [InlineData(999, 1000, 1000, 1000)]
    [InlineData(123_456, 1000, 123_457, 1000)]
    [InlineData(999_000, 1000, 999_001, 1000)]
    [InlineData(999_500, 1000, 999_501, 500)]
    [InlineData(999_999, 1, 1_000_000, 1)]
    public async Task US6_4_edge_offsets_and_limits_return_the_right_rows(int offset, int limit, long firstId, int count)
    {
        using var alice = await NewUserAsync(Topology);

        var result = await alice.OkAsync("query", $"{Transactions}&limit={limit}&offset={offset}");

        Column(result, "id").Should().Equal(Ids(firstId, count));
        result.GetProperty("row_count").GetInt32().Should().Be(count);
        result.GetProperty("total_row_count").GetInt64().Should().Be(Total);
        result.GetProperty("limit").GetInt32().Should().Be(limit);
        result.GetProperty("offset").GetInt32().Should().Be(offset);
        var next = result.GetProperty("next_offset");
        if (offset + count < Total)
        {
            next.GetInt32().Should().Be(offset + count);
        }
        else
        {
            next.ValueKind.Should().Be(JsonValueKind.Null, "the last page has no next offset");
        }
    }

    [Theory]
    [InlineData(1_000_000)]
    [InlineData(5_000_000)]
    public async Task US6_4_an_offset_past_the_end_gives_empty_rows_not_an_error(int offset)
    {
        using var alice = await NewUserAsync(Topology);

        var result = await alice.OkAsync("query", $"{Transactions}&limit=1000&offset={offset}");

        Rows(result).Should().BeEmpty();
        result.GetProperty("row_count").GetInt32().Should().Be(0);
        result.GetProperty("total_row_count").GetInt64().Should().Be(Total);
        result.GetProperty("next_offset").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task The_catalog_lists_page_with_limit_and_offset()
    {
        using var admin = await NewUserAsync(Topology, like: "admin@example.com");
        var names = new List<string>();
        int? offset = 0;

        while (offset is { } next)
        {
            var page = await admin.OkAsync("catalogs", $"limit=1&offset={next}");
            page.GetProperty("total_count").GetInt32().Should().Be(3);
            names.AddRange(Names(page));
            offset = page.GetProperty("next_offset").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next_offset").GetInt32();
        }

        names.Should().Equal("finance", "main", "samples");
        var past = await admin.OkAsync("tables", "catalog=main&schema=default&offset=10");
        past.GetProperty("items").GetArrayLength().Should().Be(0);
        past.GetProperty("total_count").GetInt32().Should().Be(4);
        past.GetProperty("next_offset").ValueKind.Should().Be(JsonValueKind.Null);
    }
}
