using System.Net;
using Databricks.Client;

namespace Tests.DatabricksClient;

public sealed class RetryTests
{
    private const string Me = """{"userName":"alice@example.com"}""";
    private const string Statement = """{"statement_id":"st","status":{"state":"SUCCEEDED"}}""";

    [Theory]
    [InlineData(HttpStatusCode.TooManyRequests)]
    [InlineData(HttpStatusCode.ServiceUnavailable)]
    public async Task Retry_after_is_honoured_for_reads(HttpStatusCode status)
    {
        await using var host = await DatabricksTestHost.StartAsync();
        host.Handler.RetryAfter(status, "3").Json(Me);

        var me = await host.Client.Scim.GetMeAsync(Tokens.Alice);

        me.UserName.Should().Be("alice@example.com");
        host.Handler.Requests.Should().HaveCount(2);
        host.Time.AutoFiredDelays.Should().Equal(TimeSpan.FromSeconds(3));
        host.Logs.Entries.Should().Contain(m => m.Message.Contains("retrying in 3000 ms", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_statement_submit_is_retried_on_429_and_503_which_mean_not_processed()
    {
        await using var host = await DatabricksTestHost.StartAsync();
        host.Handler.RetryAfter(HttpStatusCode.TooManyRequests, "2").RetryAfter(HttpStatusCode.ServiceUnavailable, null).Json(Statement);

        await host.Client.Statements.ExecuteAsync(Tokens.Alice, new StatementRequest("SELECT 1", "w"));

        host.Handler.Requests.Should().HaveCount(3).And.OnlyContain(r => r.Body == host.Handler.Requests.First().Body);
        host.Time.AutoFiredDelays.Should().Equal(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task A_non_integer_retry_after_counts_as_one_second_and_a_date_is_honoured()
    {
        await using var host = await DatabricksTestHost.StartAsync();
        var at = host.Time.GetUtcNow().AddSeconds(7).ToString("R");
        host.Handler.RetryAfter(HttpStatusCode.TooManyRequests, "soon").RetryAfter(HttpStatusCode.TooManyRequests, at).Json(Me);

        await host.Client.Scim.GetMeAsync(Tokens.Alice);

        host.Time.AutoFiredDelays.Should().Equal(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(7));
    }

    [Fact]
    public async Task A_retry_after_longer_than_the_bound_goes_back_to_the_caller()
    {
        await using var host = await DatabricksTestHost.StartAsync();
        host.Handler.RetryAfter(HttpStatusCode.TooManyRequests, "120", """{"error_code":"REQUEST_LIMIT_EXCEEDED","message":"slow down"}""");

        var act = () => host.Client.Scim.GetMeAsync(Tokens.Alice);

        var error = (await act.Should().ThrowAsync<DatabricksApiException>()).Which;
        error.StatusCode.Should().Be(429);
        error.RetryAfter.Should().Be(TimeSpan.FromSeconds(120));
        host.Handler.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task A_past_retry_after_date_retries_at_once()
    {
        await using var host = await DatabricksTestHost.StartAsync();
        host.Handler.RetryAfter(HttpStatusCode.ServiceUnavailable, host.Time.GetUtcNow().AddMinutes(-1).ToString("R")).Json(Me);

        await host.Client.Scim.GetMeAsync(Tokens.Alice);

        host.Handler.Requests.Should().HaveCount(2);
        host.Time.AutoFiredDelays.Should().BeEmpty();
    }

    [Fact]
    public async Task Retries_stop_after_the_maximum_attempts()
    {
        await using var host = await DatabricksTestHost.StartAsync(configureClient: options => options.MaxAttempts = 3);
        host.Handler.RetryAfter(HttpStatusCode.ServiceUnavailable, "1").RetryAfter(HttpStatusCode.ServiceUnavailable, "1").RetryAfter(HttpStatusCode.ServiceUnavailable, "4");

        var act = () => host.Client.Scim.GetMeAsync(Tokens.Alice);

        var error = (await act.Should().ThrowAsync<DatabricksApiException>()).Which;
        error.ErrorCode.Should().Be("TEMPORARILY_UNAVAILABLE");
        error.RetryAfter.Should().Be(TimeSpan.FromSeconds(4));
        host.Handler.Requests.Should().HaveCount(3);
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    [InlineData(HttpStatusCode.BadGateway)]
    public async Task A_statement_submit_is_never_retried_on_server_errors(HttpStatusCode status)
    {
        await using var host = await DatabricksTestHost.StartAsync();
        host.Handler.Respond(status, """{"error_code":"INTERNAL_ERROR","message":"boom"}""").Json(Statement);

        var act = () => host.Client.Statements.ExecuteAsync(Tokens.Alice, new StatementRequest("SELECT 1", "w"));

        (await act.Should().ThrowAsync<DatabricksApiException>()).Which.StatusCode.Should().Be((int)status);
        host.Handler.Requests.Should().ContainSingle();
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task An_invocation_is_never_retried_on_500_or_504(HttpStatusCode status)
    {
        await using var host = await DatabricksTestHost.StartAsync();
        host.Handler.Respond(status).Json("{}");

        var act = () => host.Client.ServingEndpoints.InvokeAsync(Tokens.Alice, "slow-model", """{"instances":[1]}""");

        await act.Should().ThrowAsync<DatabricksApiException>();
        host.Handler.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task An_invocation_is_retried_on_503_with_retry_after()
    {
        await using var host = await DatabricksTestHost.StartAsync();
        host.Handler.RetryAfter(HttpStatusCode.ServiceUnavailable, "1").RetryAfter(HttpStatusCode.ServiceUnavailable, "1").Json("""{"predictions":[1]}""");

        var result = await host.Client.ServingEndpoints.InvokeAsync(Tokens.Alice, "flaky-model", """{"instances":[1]}""");

        result.Body.GetProperty("predictions")[0].GetInt32().Should().Be(1);
        host.Handler.Requests.Should().HaveCount(3);
    }

    [Theory]
    [InlineData(HttpStatusCode.BadGateway)]
    [InlineData(HttpStatusCode.GatewayTimeout)]
    public async Task Reads_are_retried_on_gateway_errors_with_capped_jittered_backoff(HttpStatusCode status)
    {
        await using var host = await DatabricksTestHost.StartAsync(configureClient: options => options.MaxBackoff = TimeSpan.FromSeconds(1.5));
        host.Handler.Respond(status).Respond(status).Json(Me);

        await host.Client.Scim.GetMeAsync(Tokens.Alice);

        host.Handler.Requests.Should().HaveCount(3);
        var delays = host.Time.AutoFiredDelays.ToList();
        delays[0].Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(1050)).And.BeLessThanOrEqualTo(TimeSpan.FromMilliseconds(1750));
        delays[1].Should().BeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(1550)).And.BeLessThanOrEqualTo(TimeSpan.FromMilliseconds(2250));
    }

    [Fact]
    public async Task Reads_are_retried_when_scim_answers_request_limit_exceeded_with_a_500_but_not_on_a_plain_500()
    {
        await using var host = await DatabricksTestHost.StartAsync();
        host.Handler
            .Respond(HttpStatusCode.InternalServerError, """{"error_code":"REQUEST_LIMIT_EXCEEDED","message":"limit"}""")
            .Json(Me)
            .Respond(HttpStatusCode.InternalServerError, """{"error_code":"INTERNAL_ERROR","message":"boom"}""");

        await host.Client.Scim.GetMeAsync(Tokens.Alice);
        var act = () => host.Client.Scim.GetMeAsync(Tokens.Alice);

        (await act.Should().ThrowAsync<DatabricksApiException>()).Which.ErrorCode.Should().Be("INTERNAL_ERROR");
        host.Handler.Requests.Should().HaveCount(3);
    }

    [Fact]
    public async Task Client_errors_are_not_retried()
    {
        await using var host = await DatabricksTestHost.StartAsync();
        host.Handler.Respond(HttpStatusCode.Forbidden, """{"error_code":"PERMISSION_DENIED","message":"User does not have USE CATALOG on Catalog 'finance'."}""");

        var act = () => host.Client.UnityCatalog.GetCatalogAsync(Tokens.Alice, "finance");

        (await act.Should().ThrowAsync<DatabricksApiException>()).Which.ErrorCode.Should().Be("PERMISSION_DENIED");
        host.Handler.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task A_submit_is_retried_when_the_connection_was_never_made()
    {
        await using var host = await DatabricksTestHost.StartAsync();
        host.Handler.Throw(new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused")).Json(Statement);

        await host.Client.Statements.ExecuteAsync(Tokens.Alice, new StatementRequest("SELECT 1", "w"));

        host.Handler.Requests.Should().HaveCount(2);
    }

    [Fact]
    public async Task A_submit_whose_answer_was_lost_is_not_retried_and_reports_unreachable()
    {
        await using var host = await DatabricksTestHost.StartAsync();
        host.Handler.Throw(new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely.")).Json(Statement);

        var act = () => host.Client.Statements.ExecuteAsync(Tokens.Alice, new StatementRequest("SELECT 1", "w"));

        var error = (await act.Should().ThrowAsync<DatabricksApiException>()).Which;
        error.ErrorCode.Should().Be(DatabricksApiException.UnreachableCode);
        error.StatusCode.Should().BeNull();
        error.IsWorkspaceUnavailable.Should().BeTrue();
        error.InnerException.Should().BeOfType<HttpRequestException>();
        host.Handler.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task Reads_are_retried_on_connection_failures_until_attempts_run_out()
    {
        await using var host = await DatabricksTestHost.StartAsync(configureClient: options => options.MaxAttempts = 2);
        var refused = new HttpRequestException(HttpRequestError.NameResolutionError, "No such host");
        host.Handler.Throw(refused).Throw(refused);

        var act = () => host.Client.Scim.GetMeAsync(Tokens.Alice);

        (await act.Should().ThrowAsync<DatabricksApiException>()).Which.ErrorCode.Should().Be(DatabricksApiException.UnreachableCode);
        host.Handler.Requests.Should().HaveCount(2);
    }
}
