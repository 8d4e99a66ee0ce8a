using System.Net;
using Tests.Support;
using Xunit.Abstractions;
using static Tests.Support.PreferencesClient;

namespace Tests.Resilience;

/// <summary>
/// PostgreSQL stops while invocations go on: they still answer, /logs is 503 DATABASE_UNAVAILABLE, and every row the
/// service queued meanwhile is in /logs once the database is back. The outage touches every service of the shared
/// topology, so it is kept short and always ended.
/// </summary>
[Exclusive]
public sealed class InferenceLogOutageTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Invocations_answer_while_the_database_is_down_and_their_rows_appear_after_it_returns()
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);
        var before = await user.InvokeOkAsync("text-embedder", new { input = "before" });
        var pid = await App.GetPidAsync(Resources.ModelServingApi);

        using var timeout = new CancellationTokenSource(Deadline);
        var during = new List<string>();
        try
        {
            await App.StopResourceAsync("postgres", timeout.Token);
            try
            {
                for (var i = 0; i < 3; i++)
                {
                    var result = await user.InvokeOkAsync("text-embedder", new { input = $"during {i}" });
                    during.Add(result.GetProperty("request_id").GetString()!);
                }

                using var failed = await user.InvokeAsync("churn-classifier", new { dataframe_records = new[] { new { tenure = 1 } } });
                failed.StatusCode.Should().Be(HttpStatusCode.BadRequest);
                // Detection works without its event row (the event is a record, not part of the answer).
                using var schema = await user.GetSchemaAsync("text-embedder");
                schema.StatusCode.Should().Be(HttpStatusCode.OK);
                using var logs = await user.LogsAsync();
                var problem = await RetryableAsync(logs, "DATABASE_UNAVAILABLE");
                problem.GetRawText().Should().NotContainAny("Npgsql", "Host=", "Password", "SELECT");
            }
            finally
            {
                await App.StartResourceAsync("postgres", timeout.Token);
            }

            var rows = await user.WaitForLogsAsync(rows => rows.Count == 5, Deadline);

            rows.Select(r => r.GetProperty("request_id").GetString()).Should().Contain(during).And.Contain(before.GetProperty("request_id").GetString());
            rows.Select(r => r.GetProperty("inputs").TryGetProperty("input", out var input) ? input.GetString() : "invalid")
                .Should().Equal("invalid", "during 2", "during 1", "during 0", "before");
            rows.Select(r => r.GetProperty("request_id").GetString()).Should().OnlyHaveUniqueItems();
            (await App.GetPidAsync(Resources.ModelServingApi)).Should().Be(pid, "the service kept the rows in its own memory");
        }
        finally
        {
            await App.WaitForAllHealthyAsync(timeout.Token);
        }
    }

    [Fact]
    public async Task A_full_queue_drops_the_newest_rows_and_logs_each_loss_while_every_invocation_still_answers()
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);
        await user.InvokeOkAsync("text-embedder", new { input = "warm-up" });
        var capacity = TopologyFixture.InferenceLogQueueCapacity;
        var lost = new List<string>();

        using var timeout = new CancellationTokenSource(Deadline);
        try
        {
            await App.StopResourceAsync("postgres", timeout.Token);
            try
            {
                for (var i = 0; i < capacity + 2; i++)
                {
                    var result = await user.InvokeOkAsync("text-embedder", new { input = $"during {i}" });
                    if (i >= capacity)
                    {
                        lost.Add(result.GetProperty("request_id").GetString()!);
                    }
                }
            }
            finally
            {
                await App.StartResourceAsync("postgres", timeout.Token);
            }

            var rows = await user.WaitForLogsAsync(rows => rows.Count == capacity + 1, Deadline);
            rows.Select(r => r.GetProperty("request_id").GetString()).Should().NotContain(lost);
            var logs = await Topology.Telemetry.WaitForLogsAsync(Resources.ModelServingApi, null,
                all => lost.All(id => all.Any(l => IsLossOf(l, id))), timeout.Token);
            logs.Where(l => lost.Any(id => IsLossOf(l, id))).Should().HaveCount(2, "each loss is logged once");
        }
        finally
        {
            await App.WaitForAllHealthyAsync(timeout.Token);
        }
    }

    private static bool IsLossOf(TelemetryLog log, string requestId) =>
        log.Body.Contains("was lost", StringComparison.Ordinal)
        && (log.Body.Contains(requestId, StringComparison.Ordinal) || log.Attributes.Values.Contains(requestId));
}
