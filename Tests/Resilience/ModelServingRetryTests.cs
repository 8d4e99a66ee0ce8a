using System.Diagnostics;
using System.Net;
using Tests.Support;
using Xunit.Abstractions;
using static Tests.Support.PreferencesClient;

namespace Tests.Resilience;

/// <summary>
/// US5.2 for model serving: a 429, 503 or failed connect is retried up to 3 attempts in all, honouring Retry-After and
/// inside timeout_seconds; a 500 or 504 is never retried, because an invocation is not idempotent. The mock's journal
/// shows each attempt. Faults are injected by endpoint, so each test removes its own.
/// </summary>
[LongRunning]
public sealed class ModelServingRetryTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    private static readonly object ChurnRow = new { dataframe_records = new[] { new { tenure = 12, monthly_charges = 50.0, contract = "One year" } } };

    private readonly MockWorkspace _workspace = new(topology);

    [Fact]
    public async Task US5_2_the_flaky_model_succeeds_within_one_invoke_and_logs_a_single_SUCCESS()
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);

        var result = await user.InvokeOkAsync("flaky-model", new { inputs = new { x = new[] { 1.0, 2.0 } } });

        result.GetProperty("predictions").GetArrayLength().Should().Be(2);
        var attempts = (await user.ServingJournalAsync()).Where(e => e.Path == "/serving-endpoints/flaky-model/invocations").Select(e => e.Status);
        attempts.Should().Equal([200, 503, 503], "newest first: two 503s, then the success, all in one invoke");
        var log = (await user.AllLogsAsync()).Should().ContainSingle().Subject;
        log.GetProperty("status").GetString().Should().Be("SUCCESS");
        log.GetProperty("request_id").GetString().Should().Be(result.GetProperty("request_id").GetString());
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_waited_for_and_then_retried()
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);
        await _workspace.AddFaultAsync(new { principal = user.UserName, area = "serving", target = "churn-classifier", status = 429, count = 1, retry_after = 2 });
        var watch = Stopwatch.StartNew();

        var result = await user.InvokeOkAsync("churn-classifier", ChurnRow);

        watch.Elapsed.Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1.9), "Retry-After: 2 is honoured");
        result.GetProperty("predictions").GetArrayLength().Should().Be(1);
        (await user.ServingJournalAsync()).Select(e => e.Status).Should().Equal(200, 429);
    }

    [Theory]
    [InlineData(500, "MODEL_UNAVAILABLE", "ERROR")]
    [InlineData(504, "MODEL_TIMEOUT", "TIMEOUT")]
    public async Task A_500_or_504_from_the_model_is_never_retried(int status, string errorCode, string logStatus)
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);
        await _workspace.AddFaultAsync(new { principal = user.UserName, area = "serving", target = "churn-classifier", status, count = 1 });

        using var response = await user.InvokeAsync("churn-classifier", ChurnRow);

        await RetryableAsync(response, errorCode);
        (await user.ServingJournalAsync()).Select(e => e.Status).Should().Equal([status], "an invocation may have run: no second attempt");
        var log = (await user.AllLogsAsync()).Should().ContainSingle().Subject;
        (log.GetProperty("status").GetString(), log.GetProperty("error_code").GetString()).Should().Be((logStatus, errorCode));
    }

    [Fact]
    public async Task Retries_stop_at_timeout_seconds_even_when_Retry_After_asks_for_longer()
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);
        var fault = await _workspace.AddFaultAsync(new { principal = user.UserName, area = "serving", target = "churn-classifier", status = 429, count = 0, retry_after = 10 });
        try
        {
            var watch = Stopwatch.StartNew();

            using var response = await user.InvokeAsync("churn-classifier", ChurnRow, timeoutSeconds: 2);

            watch.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
            await RetryableAsync(response, "MODEL_TIMEOUT");
            (await user.InvocationAttemptsAsync("churn-classifier")).Should().Be(1);
        }
        finally
        {
            await _workspace.DeleteFaultAsync(fault);
        }
    }

    [Fact]
    public async Task A_model_still_rate_limited_after_3_attempts_is_503_MODEL_UNAVAILABLE_with_its_Retry_After()
    {
        using var user = await ModelServingClient.NewUserAsync(Topology);
        var fault = await _workspace.AddFaultAsync(new { principal = user.UserName, area = "serving", target = "churn-classifier", status = 429, count = 0, retry_after = 1 });
        try
        {
            using var response = await user.InvokeAsync("churn-classifier", ChurnRow);

            (await RetryableAsync(response, "MODEL_UNAVAILABLE")).GetProperty("retry_after").GetInt32().Should().Be(1);
            (await user.InvocationAttemptsAsync("churn-classifier")).Should().Be(3);
        }
        finally
        {
            await _workspace.DeleteFaultAsync(fault);
        }
    }
}
