using Databricks.Client;

namespace UnitTests.DatabricksClient;

/// <summary>When the client calls the workspace again, and after how long (facts §1.3).</summary>
public sealed class RetryPolicyTests
{
    private static readonly DatabricksRequest Read = DatabricksRequest.Get("/api/2.1/unity-catalog/tables/main.sales.t");
    private static readonly DatabricksRequest Submit = new(HttpMethod.Post, "/api/2.0/sql/statements", RetryClass.NonIdempotent);

    private static readonly TimeSpan Jitter = TimeSpan.FromMilliseconds(50);

    [Theory]
    [InlineData(429)]
    [InlineData(503)]
    public void Not_processed_is_retried_for_every_request_after_the_wait_the_workspace_asked_for(int status)
    {
        var policy = Policy();

        policy.AfterResponse(Read, 1, status, TimeSpan.FromSeconds(3), "TEMPORARILY_UNAVAILABLE").Should().Be(TimeSpan.FromSeconds(3));
        policy.AfterResponse(Submit, 1, status, TimeSpan.FromSeconds(3), "TEMPORARILY_UNAVAILABLE").Should().Be(TimeSpan.FromSeconds(3));
    }

    [Fact]
    public void Not_processed_without_a_wait_is_retried_after_one_second() =>
        Policy().AfterResponse(Submit, 2, 429, null, "REQUEST_LIMIT_EXCEEDED").Should().Be(TimeSpan.FromSeconds(1));

    [Fact]
    public void A_wait_up_to_the_bound_is_honoured_and_a_longer_one_goes_back_to_the_caller()
    {
        var policy = Policy(options => options.MaxRetryAfter = TimeSpan.FromSeconds(30));

        policy.AfterResponse(Read, 1, 503, TimeSpan.FromSeconds(30), "X").Should().Be(TimeSpan.FromSeconds(30));
        policy.AfterResponse(Read, 1, 503, TimeSpan.FromSeconds(30.001), "X").Should().BeNull();
    }

    [Fact]
    public void A_default_wait_longer_than_the_bound_goes_back_to_the_caller() =>
        Policy(options => options.MaxRetryAfter = TimeSpan.FromMilliseconds(500)).AfterResponse(Read, 1, 429, null, "X").Should().BeNull();

    [Theory]
    [InlineData(502, "BAD_GATEWAY")]
    [InlineData(504, "DEADLINE_EXCEEDED")]
    [InlineData(400, "REQUEST_LIMIT_EXCEEDED")]
    public void A_read_is_retried_on_gateway_failures_and_request_limits_with_a_growing_backoff(int status, string errorCode)
    {
        var policy = Policy();

        policy.AfterResponse(Read, 1, status, null, errorCode).Should().Be(TimeSpan.FromSeconds(1) + Jitter);
        policy.AfterResponse(Read, 2, status, null, errorCode).Should().Be(TimeSpan.FromSeconds(2) + Jitter);
        policy.AfterResponse(Read, 3, status, TimeSpan.FromSeconds(20), errorCode).Should().Be(TimeSpan.FromSeconds(4) + Jitter);
    }

    [Theory]
    [InlineData(502, "BAD_GATEWAY")]
    [InlineData(504, "DEADLINE_EXCEEDED")]
    [InlineData(500, "INTERNAL_ERROR")]
    [InlineData(400, "REQUEST_LIMIT_EXCEEDED")]
    public void A_submit_the_server_may_have_acted_on_is_never_retried(int status, string errorCode) =>
        Policy().AfterResponse(Submit, 1, status, null, errorCode).Should().BeNull();

    [Theory]
    [InlineData(500, "INTERNAL_ERROR")]
    [InlineData(501, "NOT_IMPLEMENTED")]
    [InlineData(400, "BAD_REQUEST")]
    [InlineData(401, "UNAUTHENTICATED")]
    [InlineData(403, "PERMISSION_DENIED")]
    [InlineData(404, "NOT_FOUND")]
    [InlineData(409, "RESOURCE_CONFLICT")]
    [InlineData(400, "request_limit_exceeded")]
    public void Refusals_and_server_errors_are_not_retried_even_for_reads(int status, string errorCode) =>
        Policy().AfterResponse(Read, 1, status, null, errorCode).Should().BeNull();

    [Fact]
    public void Retries_stop_at_the_maximum_attempts()
    {
        var policy = Policy(options => options.MaxAttempts = 3);

        policy.AfterResponse(Read, 2, 503, null, "X").Should().NotBeNull();
        policy.AfterResponse(Read, 3, 503, null, "X").Should().BeNull();
        policy.AfterResponse(Read, 2, 502, null, "X").Should().NotBeNull();
        policy.AfterResponse(Read, 3, 502, null, "X").Should().BeNull();
        policy.AfterTransportFailure(Read, 2, connectionEstablished: true).Should().NotBeNull();
        policy.AfterTransportFailure(Read, 3, connectionEstablished: true).Should().BeNull();
        policy.AfterTransportFailure(Submit, 3, connectionEstablished: false).Should().BeNull();
    }

    [Fact]
    public void A_read_is_retried_after_any_transport_failure()
    {
        Policy().AfterTransportFailure(Read, 1, connectionEstablished: true).Should().Be(TimeSpan.FromSeconds(1) + Jitter);
        Policy().AfterTransportFailure(Read, 2, connectionEstablished: false).Should().Be(TimeSpan.FromSeconds(2) + Jitter);
    }

    [Fact]
    public void A_submit_is_retried_only_when_no_connection_was_made()
    {
        Policy().AfterTransportFailure(Submit, 1, connectionEstablished: false).Should().Be(TimeSpan.FromSeconds(1) + Jitter);
        Policy().AfterTransportFailure(Submit, 1, connectionEstablished: true).Should().BeNull();
    }

    [Fact]
    public void The_backoff_doubles_up_to_its_cap()
    {
        var policy = Policy(options =>
        {
            options.MaxAttempts = 10;
            options.MaxBackoff = TimeSpan.FromSeconds(10);
        });

        Enumerable.Range(1, 6).Select(attempt => policy.AfterTransportFailure(Read, attempt, true)!.Value - Jitter).Should().Equal(
            TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8), TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10));
    }

    [Theory]
    [InlineData(0.0, 50)]
    [InlineData(0.5, 400)]
    [InlineData(1.0, 750)]
    public void Jitter_of_50_to_750_ms_keeps_callers_out_of_step(double random, int milliseconds) =>
        new RetryPolicy(new DatabricksClientOptions(), () => random).AfterTransportFailure(Read, 1, true)
            .Should().Be(TimeSpan.FromSeconds(1) + TimeSpan.FromMilliseconds(milliseconds));

    private static RetryPolicy Policy(Action<DatabricksClientOptions>? configure = null)
    {
        var options = new DatabricksClientOptions();
        configure?.Invoke(options);
        return new RetryPolicy(options, () => 0);
    }
}
