using System.Net;
using System.Text.Json;
using Tests.Support;
using Xunit.Abstractions;
using static Tests.Support.PreferencesClient;

namespace Tests.Pagination;

/// <summary>US6.2: 500 inference logs paged with several limit/offset combinations, newest first, no duplicates, no gaps.</summary>
public sealed class InferenceLogPaginationTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    private const int Rows = 500;

    [Theory]
    [InlineData(50)]
    [InlineData(7)]
    [InlineData(1000)]
    public async Task US6_2_paging_500_logs_returns_each_exactly_once_newest_first(int limit)
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);
        await SeedAsync(user.UserName);

        var ids = new List<long>();
        var createdAt = new List<string>();
        int? offset = 0;
        while (offset is { } current)
        {
            using var response = await user.LogsAsync($"limit={limit}&offset={current}");
            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
            var page = await JsonAsync(response);
            page.GetProperty("total_count").GetInt32().Should().Be(Rows);
            var items = page.GetProperty("items").EnumerateArray().ToList();
            items.Count.Should().Be(Math.Min(limit, Rows - current));
            ids.AddRange(items.Select(i => i.GetProperty("id").GetInt64()));
            createdAt.AddRange(items.Select(i => i.GetProperty("created_at").GetString()!));
            offset = page.GetProperty("next_offset").ValueKind == JsonValueKind.Null ? null : page.GetProperty("next_offset").GetInt32();
        }

        ids.Should().HaveCount(Rows).And.OnlyHaveUniqueItems();
        var expected = await user.AllLogsAsync();
        ids.Should().Equal(expected.Select(e => e.GetProperty("id").GetInt64()), "every page agrees with the one-page list");
        createdAt.Should().BeInDescendingOrder(StringComparer.Ordinal);
        // Rows created in the same instant come highest id first: the tie-breaker makes the order total.
        ids.Zip(createdAt).Zip(ids.Skip(1).Zip(createdAt.Skip(1)))
            .Where(pair => pair.First.Second == pair.Second.Second)
            .Should().NotBeEmpty().And.AllSatisfy(pair => pair.First.First.Should().BeGreaterThan(pair.Second.First));
    }

    [Fact]
    public async Task US6_4_edge_pages_and_filters_keep_the_same_order()
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);
        await SeedAsync(user.UserName);
        var all = (await user.AllLogsAsync()).Select(e => e.GetProperty("id").GetInt64()).ToList();

        using var first = await user.LogsAsync("limit=1&offset=0");
        using var last = await user.LogsAsync("limit=1000&offset=499");
        using var past = await user.LogsAsync("limit=10&offset=500");
        using var errors = await user.LogsAsync("limit=1000&status=ERROR&endpoint_name=churn-classifier");

        (await JsonAsync(first)).GetProperty("items")[0].GetProperty("id").GetInt64().Should().Be(all[0]);
        var lastPage = await JsonAsync(last);
        lastPage.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64()).Should().Equal(all[^1]);
        lastPage.GetProperty("next_offset").ValueKind.Should().Be(JsonValueKind.Null);
        var pastPage = await JsonAsync(past);
        pastPage.GetProperty("items").GetArrayLength().Should().Be(0);
        pastPage.GetProperty("total_count").GetInt32().Should().Be(Rows);
        var errorPage = await JsonAsync(errors);
        errorPage.GetProperty("total_count").GetInt32().Should().Be(Rows / 10);
        errorPage.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetInt64())
            .Should().Equal(all.Where(id => errorPage.GetProperty("items").EnumerateArray().Any(i => i.GetProperty("id").GetInt64() == id)));
    }

    /// <summary>
    /// 500 rows straight in the table, three to each timestamp, one in ten an ERROR, and one in fifty without a
    /// completion time, as another tool may write them.
    /// </summary>
    private async Task SeedAsync(string userName)
    {
        using var client = ModelServingClient.For(Topology, userName, "unused");
        await ExecuteSqlAsync(Topology,
            """
            INSERT INTO model_serving.inference_logs
                (request_id, endpoint_name, user_id, inputs, predictions, status, error_code, execution_time_ms, created_at, completed_at)
            SELECT gen_random_uuid()::text, 'churn-classifier', @user_id, '{"instances":[1]}'::jsonb, '[0.5]'::jsonb,
                   CASE WHEN n % 10 = 0 THEN 'ERROR' ELSE 'SUCCESS' END, CASE WHEN n % 10 = 0 THEN 'INVALID_INPUT' END, n,
                   date_trunc('second', now()) - (n / 3) * interval '1 second', CASE WHEN n % 50 <> 0 THEN now() END
            FROM generate_series(1, @count) AS n
            """,
            ("user_id", userName), ("count", Rows));
    }
}
