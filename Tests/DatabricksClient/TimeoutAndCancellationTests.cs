using Databricks.Client;

namespace Tests.DatabricksClient;

public sealed class TimeoutAndCancellationTests
{
    [Fact]
    public async Task A_submit_that_times_out_is_reported_and_not_retried()
    {
        await using var host = await DatabricksTestHost.StartAsync();
        host.Handler.Hang();

        var call = host.Client.Statements.ExecuteAsync(Tokens.Alice, new StatementRequest("SELECT 1", "w"));
        await host.Time.WaitForTimerAsync(DatabricksTestHost.AttemptTimeout);
        host.Time.Advance(DatabricksTestHost.AttemptTimeout);

        var error = (await FluentActions.Awaiting(() => call).Should().ThrowAsync<DatabricksApiException>()).Which;
        error.ErrorCode.Should().Be(DatabricksApiException.TimeoutCode);
        error.StatusCode.Should().BeNull();
        host.Handler.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task An_invocation_uses_its_own_timeout()
    {
        var invocationTimeout = TimeSpan.FromHours(2);
        await using var host = await DatabricksTestHost.StartAsync(configureClient: options => options.InvocationTimeout = invocationTimeout);
        host.Handler.Hang();

        var call = host.Client.ServingEndpoints.InvokeAsync(Tokens.Alice, "slow-model", "{}");
        await host.Time.WaitForTimerAsync(invocationTimeout);
        host.Time.Advance(invocationTimeout);

        (await FluentActions.Awaiting(() => call).Should().ThrowAsync<DatabricksApiException>()).Which.ErrorCode.Should().Be("REQUEST_TIMEOUT");
    }

    [Fact]
    public async Task A_read_that_times_out_is_retried()
    {
        await using var host = await DatabricksTestHost.StartAsync();
        host.Handler.Hang().Json("""{"userName":"alice@example.com"}""");

        var call = host.Client.Scim.GetMeAsync(Tokens.Alice);
        await host.Time.WaitForTimerAsync(DatabricksTestHost.AttemptTimeout);
        host.Time.Advance(DatabricksTestHost.AttemptTimeout);

        (await call).UserName.Should().Be("alice@example.com");
        host.Handler.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task The_callers_cancellation_propagates_as_cancellation_without_retry()
    {
        await using var host = await DatabricksTestHost.StartAsync();
        host.Handler.Hang();
        using var cancellation = new CancellationTokenSource();

        var call = host.Client.Scim.GetMeAsync(Tokens.Alice, cancellation.Token);
        await host.Time.WaitForTimerAsync(DatabricksTestHost.AttemptTimeout);
        await cancellation.CancelAsync();

        await FluentActions.Awaiting(() => call).Should().ThrowAsync<OperationCanceledException>();
        host.Handler.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task An_already_cancelled_call_sends_nothing()
    {
        await using var host = await DatabricksTestHost.StartAsync();

        var act = () => host.Client.ServingEndpoints.ListAsync(Tokens.Alice, new CancellationToken(canceled: true));

        await act.Should().ThrowAsync<OperationCanceledException>();
        host.Handler.Requests.Should().BeEmpty();
    }
}
