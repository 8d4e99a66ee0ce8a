using System.Net;
using System.Text.Json;
using Tests.Support;
using Xunit.Abstractions;
using static Tests.Support.PreferencesClient;

namespace Tests.Pagination;

/// <summary>US6.1 and US6.4 for <c>GET /api/lakebase/preferences</c>, and the envelope of api-contract.md §1.4.</summary>
public sealed class PreferencePaginationTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    [Fact]
    public async Task US6_1_200_preferences_paged_by_50_come_back_once_each_in_key_order()
    {
        using var user = await NewUserAsync(Topology);
        var expected = await SaveManyAsync(user, 200);

        var seen = new List<string>();
        var offsets = new List<int>();
        int? offset = 0;
        while (offset is { } current)
        {
            offsets.Add(current);
            using var response = await user.ListAsync($"limit=50&offset={current}");
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            var page = await JsonAsync(response);
            page.GetProperty("total_count").GetInt32().Should().Be(200);
            page.GetProperty("limit").GetInt32().Should().Be(50);
            page.GetProperty("offset").GetInt32().Should().Be(current);
            var items = page.GetProperty("items").EnumerateArray().ToList();
            items.Should().HaveCount(50);
            items.Should().AllSatisfy(p => p.GetProperty("user_id").GetString().Should().Be(user.UserName));
            seen.AddRange(items.Select(p => p.GetProperty("preference_key").GetString()!));
            offset = page.GetProperty("next_offset").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next_offset").GetInt32();
            offsets.Count.Should().BeLessThan(10, "paging must end");
        }

        offsets.Should().Equal(0, 50, 100, 150);
        seen.Should().OnlyHaveUniqueItems().And.Equal(expected.Order(StringComparer.Ordinal), "no duplicates, no gaps, ordered by key");
    }

    [Fact]
    public async Task US6_4_edge_values_of_limit_and_offset_and_an_offset_past_the_end()
    {
        using var user = await NewUserAsync(Topology);
        var keys = (await SaveManyAsync(user, 200)).Order(StringComparer.Ordinal).ToList();

        var first = await PageAsync(user, "offset=0&limit=1");
        Keys(first).Should().Equal(keys[0]);
        first.GetProperty("next_offset").GetInt32().Should().Be(1);

        var last = await PageAsync(user, "offset=199&limit=1");
        Keys(last).Should().Equal(keys[199]);
        last.GetProperty("next_offset").ValueKind.Should().Be(JsonValueKind.Null);

        var everything = await PageAsync(user, "offset=0&limit=1000");
        Keys(everything).Should().Equal(keys);
        everything.GetProperty("limit").GetInt32().Should().Be(1000);
        everything.GetProperty("next_offset").ValueKind.Should().Be(JsonValueKind.Null);

        var tail = await PageAsync(user, "offset=150&limit=1000");
        Keys(tail).Should().Equal(keys[150..]);

        foreach (var query in new[] { "offset=200", "offset=999&limit=1000", "offset=10000000" })
        {
            var beyond = await PageAsync(user, query);
            beyond.GetProperty("items").GetArrayLength().Should().Be(0, query);
            beyond.GetProperty("total_count").GetInt32().Should().Be(200, query);
            beyond.GetProperty("next_offset").ValueKind.Should().Be(JsonValueKind.Null, query);
        }
    }

    [Fact]
    public async Task The_order_is_ordinal_by_key()
    {
        using var user = await NewUserAsync(Topology);
        foreach (var key in new[] { "b", "B", "ä", "a", "10", "9", "Z", "z.a", "z-a", "日本", "ж" })
        {
            await user.SaveAsync(key, 0);
        }

        (await user.KeysAsync()).Should().Equal("10", "9", "B", "Z", "a", "b", "z-a", "z.a", "ä", "ж", "日本");
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=1001", "limit")]
    [InlineData("limit=-1", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("limit=1.5", "limit")]
    [InlineData("limit=99999999999999999999", "limit")]
    [InlineData("offset=-1", "offset")]
    [InlineData("offset=10000001", "offset")]
    [InlineData("offset=x", "offset")]
    public async Task An_invalid_limit_or_offset_is_400_INVALID_PREFERENCE_naming_it(string query, string field)
    {
        using var user = await NewUserAsync(Topology);

        using var response = await user.ListAsync(query);

        var problem = await InvalidAsync(response, field);
        problem.GetProperty("errors").GetProperty(field)[0].GetString().Should().Contain(field == "limit" ? "1 to 1000" : "0 to 10000000");
    }

    [Fact]
    public async Task Both_invalid_are_both_named()
    {
        using var user = await NewUserAsync(Topology);

        using var response = await user.ListAsync("limit=0&offset=-5");

        await InvalidAsync(response, "limit", "offset");
    }

    private static async Task<List<string>> SaveManyAsync(PreferencesClient user, int count)
    {
        // Zero-padded and shuffled, so that insertion order and key order differ.
        var keys = Enumerable.Range(0, count).Select(i => $"page.{i:D3}").OrderBy(k => (k.GetHashCode(StringComparison.Ordinal) & 0xffff, k)).ToList();
        using var gate = new SemaphoreSlim(8);
        await Task.WhenAll(keys.Select(async key =>
        {
            await gate.WaitAsync();
            try
            {
                using var response = await user.PostAsync(key, new { key });
                response.StatusCode.Should().Be(HttpStatusCode.Created);
            }
            finally
            {
                gate.Release();
            }
        }));
        return keys;
    }

    private static async Task<JsonElement> PageAsync(PreferencesClient user, string query)
    {
        using var response = await user.ListAsync(query);
        response.StatusCode.Should().Be(HttpStatusCode.OK, query);
        return await JsonAsync(response);
    }

    private static List<string> Keys(JsonElement page) =>
        [.. page.GetProperty("items").EnumerateArray().Select(p => p.GetProperty("preference_key").GetString()!)];
}
