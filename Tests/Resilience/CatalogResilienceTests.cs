using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tests.Support;
using Xunit.Abstractions;
using static Tests.Support.CatalogClient;

namespace Tests.Resilience;

/// <summary>
/// US5.3 (a revoked grant bites on the next call) and the workspace's failures injected through the mock: a busy
/// warehouse, a statement that outlives the query budget, and Unity Catalog answering with errors.
/// </summary>
[LongRunning]
public sealed class CatalogResilienceTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(30);
    private readonly MockWorkspace _workspace = new(topology);

    [Fact]
    public async Task US5_3_a_grant_revoked_mid_session_gives_403_on_the_very_next_call()
    {
        using var user = await NewUserAsync(Topology);
        const string Query = "catalog=main&schema=default&table=customers&limit=1";
        await user.OkAsync("query", Query);
        Names(await user.OkAsync("table-names", "catalog=main&schema=default")).Should().Contain("customers");

        await _workspace.GrantAsync(user.UserName, "table", "main.default.customers", "SELECT", "revoke");

        using var query = await user.GetAsync("query", Query);
        await PreferencesClient.ProblemAsync(query, HttpStatusCode.Forbidden, "CATALOG_PERMISSION_DENIED");
        using var table = await user.GetAsync("tables/main/default/customers");
        await PreferencesClient.ProblemAsync(table, HttpStatusCode.Forbidden, "CATALOG_PERMISSION_DENIED");
        Names(await user.OkAsync("table-names", "catalog=main&schema=default")).Should().NotContain("customers");

        await _workspace.GrantAsync(user.UserName, "schema", "main.default", "USE_SCHEMA", "revoke");
        using var schema = await user.GetAsync("table-names", "catalog=main&schema=default");
        await PreferencesClient.ProblemAsync(schema, HttpStatusCode.Forbidden, "CATALOG_PERMISSION_DENIED");

        await _workspace.GrantAsync(user.UserName, "schema", "main.default", "USE_SCHEMA", "grant");
        await _workspace.GrantAsync(user.UserName, "table", "main.default.customers", "SELECT", "grant");
        (await user.OkAsync("query", Query)).GetProperty("row_count").GetInt32().Should().Be(1, "a grant given back works at once too");
    }

    [Theory]
    [InlineData(503, 1, 1)]
    [InlineData(429, 2, 2)]
    [InlineData(503, null, 5)]
    public async Task A_warehouse_that_stays_busy_through_the_retries_gives_503_WAREHOUSE_UNAVAILABLE(int status, int? retryAfter, int expectedRetryAfter)
    {
        using var user = await NewUserAsync(Topology);
        // One answer per attempt of the client (four), then the warehouse is back.
        await _workspace.AddFaultAsync(new { principal = user.UserName, area = "sql", target = "main.default.orders", status, count = 4, retry_after = retryAfter });

        using var response = await user.GetAsync("query", "catalog=main&schema=default&table=orders&limit=5");

        var body = await PreferencesClient.RetryableAsync(response, "WAREHOUSE_UNAVAILABLE");
        body.GetProperty("retry_after").GetInt32().Should().Be(expectedRetryAfter, "the workspace's own Retry-After is passed on, else 5 s");
        (await StatementCallsAsync(user.UserName)).Should().HaveCount(4).And.OnlyContain(e => e.GetProperty("status").GetInt32() == status);
        (await user.OkAsync("query", "catalog=main&schema=default&table=orders&limit=5")).GetProperty("row_count").GetInt32().Should().Be(5);
    }

    [Fact]
    public async Task A_busy_warehouse_that_recovers_within_the_retries_still_answers()
    {
        using var user = await NewUserAsync(Topology);
        await _workspace.AddFaultAsync(new { principal = user.UserName, area = "sql", target = "main.default.orders", status = 503, count = 2, retry_after = 1 });

        var result = await user.OkAsync("query", "catalog=main&schema=default&table=orders&limit=5");

        result.GetProperty("row_count").GetInt32().Should().Be(5);
        // Then the count of the table's rows, as the page was full.
        (await StatementCallsAsync(user.UserName)).Select(e => e.GetProperty("status").GetInt32()).Should().Equal(503, 503, 200, 200);
    }

    [Fact]
    public async Task A_statement_that_outlives_the_budget_is_cancelled_and_gives_503_QUERY_TIMEOUT()
    {
        using var user = await NewUserAsync(Topology, resource: Resources.CatalogApiDegraded);
        // A delay-only fault holds the statement RUNNING in the mock; catalog-api-degraded waits 2 s.
        await _workspace.AddFaultAsync(new { principal = user.UserName, area = "sql", target = "main.default.updates", status = 200, count = 1, delay_ms = 20_000 });

        using var response = await user.GetAsync("query", "catalog=main&schema=default&table=updates");

        await PreferencesClient.RetryableAsync(response, "QUERY_TIMEOUT");
        var calls = await StatementCallsAsync(user.UserName);
        calls.Should().Contain(e => e.GetProperty("method").GetString() == "GET", "the service polled the running statement");
        calls.Should().ContainSingle(e => e.GetProperty("path").GetString()!.EndsWith("/cancel", StringComparison.Ordinal))
            .Which.GetProperty("method").GetString().Should().Be("POST");
    }

    [Fact]
    public async Task A_slow_statement_within_the_budget_is_polled_to_its_rows()
    {
        using var user = await NewUserAsync(Topology, resource: Resources.CatalogApiDegraded);
        await _workspace.AddFaultAsync(new { principal = user.UserName, area = "sql", target = "main.default.updates", status = 200, count = 1, delay_ms = 300 });

        var result = await user.OkAsync("query", "catalog=main&schema=default&table=updates");

        Column(result, "id").Should().Equal("1", "2", "3", "4", "5");
        (await StatementCallsAsync(user.UserName)).Should().Contain(e => e.GetProperty("method").GetString() == "GET")
            .And.NotContain(e => e.GetProperty("path").GetString()!.EndsWith("/cancel", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_caller_who_gives_up_gets_their_statement_cancelled()
    {
        using var user = await NewUserAsync(Topology, resource: Resources.CatalogApiDegraded);
        await _workspace.AddFaultAsync(new { principal = user.UserName, area = "sql", target = "main.default.updates", status = 200, count = 1, delay_ms = 20_000 });
        using var giveUp = new CancellationTokenSource();
        using var deadline = new CancellationTokenSource(Deadline);

        var query = user.Http.GetAsync(Route("query", "catalog=main&schema=default&table=updates"), giveUp.Token);
        while (!(await StatementCallsAsync(user.UserName)).Any(e => e.GetProperty("method").GetString() == "GET"))
        {
            await Task.Delay(20, deadline.Token);
        }

        await giveUp.CancelAsync();
        await query.Invoking(q => q).Should().ThrowAsync<TaskCanceledException>();
        while (!(await StatementCallsAsync(user.UserName)).Any(e => e.GetProperty("path").GetString()!.EndsWith("/cancel", StringComparison.Ordinal)))
        {
            await Task.Delay(20, deadline.Token);
        }
    }

    [Theory]
    [InlineData(400, HttpStatusCode.BadRequest, "INVALID_QUERY", 1)]
    [InlineData(401, HttpStatusCode.Unauthorized, "AUTH_INVALID", 1)]
    [InlineData(403, HttpStatusCode.Forbidden, "CATALOG_PERMISSION_DENIED", 1)]
    [InlineData(404, HttpStatusCode.NotFound, "SCHEMA_NOT_FOUND", 1)]
    [InlineData(429, HttpStatusCode.TooManyRequests, "RATE_LIMITED", 4)]
    [InlineData(503, HttpStatusCode.ServiceUnavailable, "WORKSPACE_UNAVAILABLE", 4)]
    public async Task Unity_Catalog_errors_become_the_contract_s_problems(int status, HttpStatusCode expected, string errorCode, int count)
    {
        using var user = await NewUserAsync(Topology);
        await _workspace.AddFaultAsync(new { principal = user.UserName, area = "unity-catalog", target = "main.sales", status, count, retry_after = 1 });

        using var response = await user.GetAsync("tables", "catalog=main&schema=sales");

        var body = await PreferencesClient.ProblemAsync(response, expected, errorCode);
        if (status is 429 or 503)
        {
            body.GetProperty("retry_after").GetInt32().Should().BePositive();
            response.Headers.RetryAfter.Should().NotBeNull();
        }

        Names(await user.OkAsync("table-names", "catalog=main&schema=sales")).Should().Contain("transactions", "the fault is used up");
    }

    [Theory]
    [InlineData(403, HttpStatusCode.Forbidden, "CATALOG_PERMISSION_DENIED")]
    [InlineData(404, HttpStatusCode.ServiceUnavailable, "WORKSPACE_NOT_CONFIGURED")]
    public async Task A_refused_statement_submit_becomes_the_contract_s_problem(int status, HttpStatusCode expected, string errorCode)
    {
        using var user = await NewUserAsync(Topology);
        await _workspace.AddFaultAsync(new { principal = user.UserName, area = "sql", target = "main.default.orders", status, count = 1 });

        using var response = await user.GetAsync("query", "catalog=main&schema=default&table=orders&limit=1");

        await PreferencesClient.ProblemAsync(response, expected, errorCode);
    }

    private async Task<List<JsonElement>> StatementCallsAsync(string userName) =>
        [.. (await _workspace.RequestsOfAsync(userName, "sql")).AsEnumerable().Reverse()];
}
