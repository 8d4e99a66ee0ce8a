using Tests.Support;
using Xunit.Abstractions;
using static Tests.Support.CatalogClient;

namespace Tests.Concurrency;

/// <summary>US7.4: users querying the same table at the same time each get the right rows, as themselves.</summary>
public sealed class CatalogConcurrencyTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    [Fact]
    public async Task US7_4_ten_users_querying_the_same_table_at_once_all_get_the_same_correct_rows()
    {
        var users = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => NewUserAsync(Topology)));
        try
        {
            using var start = new SemaphoreSlim(0);
            var queries = users.Select(async user =>
            {
                await start.WaitAsync();
                return await user.QueryOkAsync(new
                {
                    catalog = "main", schema = "default", table = "orders", columns = new[] { "order_id", "status", "amount" },
                    filters = new[] { new { column = "status", op = "eq", value = "SHIPPED" } }, limit = 50, offset = 100,
                });
            }).ToList();
            start.Release(users.Length);
            var results = await Task.WhenAll(queries);

            var expected = Enumerable.Range(1, 1000).Where(g => g % 4 == 2).Skip(100).Take(50).Select(g => g.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList();
            results.Should().AllSatisfy(r =>
            {
                Column(r, "order_id").Should().Equal(expected);
                Column(r, "status").Should().AllBe("\"SHIPPED\"");
                r.GetProperty("total_row_count").GetInt64().Should().Be(250);
            });
            results.Select(r => Rows(r).Select(row => row.GetRawText()).Aggregate((a, b) => a + b)).Distinct().Should().ContainSingle("every user got identical rows");
            results.Select(r => r.GetProperty("user_id").GetString()).Should().BeEquivalentTo(users.Select(u => u.UserName), "each answer is for its own caller");
        }
        finally
        {
            foreach (var user in users)
            {
                user.Dispose();
            }
        }
    }

    [Fact]
    public async Task Concurrent_users_with_different_grants_see_only_what_each_may_see()
    {
        using var alice = await NewUserAsync(Topology);
        using var carol = await NewUserAsync(Topology, like: "carol@example.com");
        using var admin = await NewUserAsync(Topology, like: "admin@example.com");

        var answers = await Task.WhenAll(
            Enumerable.Range(0, 3).SelectMany(_ => new[] { alice, carol, admin }).Select(async user => (user, Names(await user.OkAsync("catalogs")))));

        answers.Should().AllSatisfy(a => a.Item2.Should().Equal(
            a.user == carol ? ["samples"] : a.user == admin ? ["finance", "main", "samples"] : new[] { "main", "samples" }));
    }
}
