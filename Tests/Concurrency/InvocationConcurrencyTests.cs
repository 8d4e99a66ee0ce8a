using Tests.Support;
using Xunit.Abstractions;

namespace Tests.Concurrency;

/// <summary>US7.2: concurrent invocations by different users each get their own predictions and their own log row.</summary>
public sealed class InvocationConcurrencyTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    private const int Callers = 10;

    [Fact]
    public async Task US7_2_ten_concurrent_invocations_by_different_users_all_succeed_with_their_own_predictions_and_log_rows()
    {
        var users = await Task.WhenAll(Enumerable.Range(0, Callers).Select(_ => ModelServingClient.NewUserAsync(Topology)));
        try
        {
            var inputs = Enumerable.Range(0, Callers)
                .Select(i => new { dataframe_records = new[] { new { tenure = i * 6, monthly_charges = 30.0 + (i * 7), contract = "Month-to-month" } } })
                .ToArray();
            // What each input scores when nothing else runs.
            var expected = new List<double>();
            foreach (var input in inputs)
            {
                expected.Add((await users[0].InvokeOkAsync("churn-classifier", input)).GetProperty("predictions")[0].GetDouble());
            }

            expected.Should().OnlyHaveUniqueItems("each caller's answer must be recognisable");

            using var start = new SemaphoreSlim(0);
            var calls = users.Select(async (user, i) =>
            {
                await start.WaitAsync();
                return await user.InvokeOkAsync("churn-classifier", inputs[i]);
            }).ToArray();
            start.Release(Callers);
            var results = await Task.WhenAll(calls);

            for (var i = 0; i < Callers; i++)
            {
                results[i].GetProperty("user_id").GetString().Should().Be(users[i].UserName);
                results[i].GetProperty("predictions")[0].GetDouble().Should().Be(expected[i]);
                var logs = i == 0 ? (await users[i].AllLogsAsync()).Take(1).ToList() : await users[i].AllLogsAsync();
                var log = logs.Should().ContainSingle().Subject;
                log.GetProperty("request_id").GetString().Should().Be(results[i].GetProperty("request_id").GetString());
                log.GetProperty("inputs").GetProperty("dataframe_records")[0].GetProperty("tenure").GetInt32().Should().Be(i * 6);
            }

            results.Select(r => r.GetProperty("request_id").GetString()).Should().OnlyHaveUniqueItems();
        }
        finally
        {
            foreach (var user in users)
            {
                user.Dispose();
            }
        }
    }
}
