using Catalog.Service.Services;
using Catalog.Service.Services.Query;
using Databricks.Client;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using UnitTests.Support;

namespace UnitTests.Catalog;

/// <summary>What a route of catalog-api answers when the workspace or the warehouse refused (api-contract.md §3).</summary>
public sealed class WorkspaceErrorFilterTests
{
    private static readonly NotFoundMeaning RouteNotFound = new("ROUTE_THING_NOT_FOUND", "The thing this route reads does not exist.");

    [Fact]
    public async Task An_answer_passes_through_untouched()
    {
        var ok = TypedResults.Ok("rows");

        (await InvokeAsync(() => ok)).Should().BeSameAs(ok);
    }

    [Fact]
    public async Task A_name_the_workspace_refused_is_an_invalid_query()
    {
        var problem = await ProblemAsync(Workspace(400, "INVALID_PARAMETER_VALUE"));

        problem.ShouldBe(400, "INVALID_QUERY").Errors().Should().BeEquivalentTo(new Dictionary<string, string[]> { ["name"] = ["the workspace refused this name"] });
    }

    [Fact]
    public async Task A_token_the_workspace_no_longer_accepts_is_401() =>
        (await ProblemAsync(Workspace(401, "UNAUTHENTICATED"))).ShouldBe(401, "AUTH_INVALID");

    [Fact]
    public async Task A_missing_grant_is_403() =>
        (await ProblemAsync(Workspace(403, "PERMISSION_DENIED"))).ShouldBe(403, "CATALOG_PERMISSION_DENIED");

    [Theory]
    [InlineData("CATALOG_DOES_NOT_EXIST", "CATALOG_NOT_FOUND", "The catalog does not exist.")]
    [InlineData("SCHEMA_DOES_NOT_EXIST", "SCHEMA_NOT_FOUND", "The schema does not exist.")]
    [InlineData("TABLE_DOES_NOT_EXIST", "TABLE_NOT_FOUND", "The table does not exist.")]
    public async Task A_404_that_names_what_is_missing_says_so(string workspaceCode, string errorCode, string detail)
    {
        var problem = await ProblemAsync(Workspace(404, workspaceCode));

        problem.ShouldBe(404, errorCode).ProblemDetails.Detail.Should().Be(detail);
    }

    [Theory]
    [InlineData("NOT_FOUND")]
    [InlineData("RESOURCE_DOES_NOT_EXIST")]
    public async Task A_plain_404_means_what_the_route_reads(string workspaceCode)
    {
        var problem = await ProblemAsync(Workspace(404, workspaceCode));

        problem.ShouldBe(404, RouteNotFound.ErrorCode).ProblemDetails.Detail.Should().Be(RouteNotFound.Detail);
    }

    [Theory]
    [InlineData(2.1, 3)]
    [InlineData(0.2, 1)]
    [InlineData(60.0, 60)]
    public async Task Rate_limiting_is_passed_on_with_the_workspaces_wait_in_whole_seconds(double seconds, int retryAfter) =>
        (await ProblemAsync(Workspace(429, "REQUEST_LIMIT_EXCEEDED", TimeSpan.FromSeconds(seconds)))).ShouldBe(429, "RATE_LIMITED", retryAfter);

    [Fact]
    public async Task Rate_limiting_without_a_wait_suggests_five_seconds() =>
        (await ProblemAsync(Workspace(429, "REQUEST_LIMIT_EXCEEDED"))).ShouldBe(429, "RATE_LIMITED", 5);

    [Theory]
    [InlineData(null)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task No_answer_or_a_server_error_means_the_workspace_is_unavailable(int? status) =>
        (await ProblemAsync(Workspace(status, "ANY"))).ShouldBe(503, "WORKSPACE_UNAVAILABLE", 5);

    [Fact]
    public async Task An_unavailable_workspace_passes_its_wait_on() =>
        (await ProblemAsync(Workspace(503, "TEMPORARILY_UNAVAILABLE", TimeSpan.FromSeconds(8)))).ShouldBe(503, "WORKSPACE_UNAVAILABLE", 8);

    [Theory]
    [InlineData(409)]
    [InlineData(412)]
    [InlineData(499)]
    public async Task Any_other_workspace_refusal_is_an_error_of_this_service(int status)
    {
        var refusal = Workspace(status, "RESOURCE_CONFLICT");

        var act = () => InvokeAsync(() => throw refusal);

        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.InnerException.Should().BeSameAs(refusal);
    }

    [Theory]
    [InlineData(StatementStates.Canceled)]
    [InlineData(StatementStates.Closed)]
    public async Task A_statement_the_warehouse_ended_itself_is_worth_trying_again(string state) =>
        (await ProblemAsync(Statement(state, "[TABLE_OR_VIEW_NOT_FOUND] x", "42P01", "NOT_FOUND"))).ShouldBe(503, "WAREHOUSE_UNAVAILABLE", 5);

    [Theory]
    [InlineData("[INSUFFICIENT_PERMISSIONS] User does not have SELECT", 403, "CATALOG_PERMISSION_DENIED")]
    [InlineData("[TABLE_OR_VIEW_NOT_FOUND] The table or view cannot be found", 404, "TABLE_NOT_FOUND")]
    [InlineData("[SCHEMA_NOT_FOUND] The schema cannot be found", 404, "SCHEMA_NOT_FOUND")]
    [InlineData("[CATALOG_NOT_FOUND] The catalog cannot be found", 404, "CATALOG_NOT_FOUND")]
    [InlineData("[QUERY_EXECUTION_TIMEOUT_EXCEEDED] The query ran too long", 503, "WAREHOUSE_UNAVAILABLE")]
    public async Task A_failed_statement_is_answered_by_its_error_class(string message, int status, string errorCode)
    {
        var problem = await ProblemAsync(Statement(StatementStates.Failed, message, null, "BAD_REQUEST"));

        problem.ShouldBe(status, errorCode, status == 503 ? 5 : null);
    }

    [Theory]
    [InlineData("[CAST_INVALID_INPUT] The value 'abc' cannot be cast")]
    [InlineData("[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES] Cannot resolve")]
    [InlineData("[INVALID_FORMAT.WRONG_NUM_DIGIT] bad date")]
    public async Task A_filter_value_that_does_not_fit_its_column_is_an_invalid_filter(string message)
    {
        var problem = await ProblemAsync(Statement(StatementStates.Failed, message, null, "BAD_REQUEST"));

        problem.ShouldBe(400, "INVALID_QUERY").Errors().Should().BeEquivalentTo(
            new Dictionary<string, string[]> { ["filters"] = ["a filter value does not fit its column's type"] });
    }

    [Fact]
    public async Task An_unresolved_column_is_an_invalid_column_list()
    {
        var problem = await ProblemAsync(Statement(StatementStates.Failed, "[UNRESOLVED_COLUMN.WITH_SUGGESTION] x", "42703", "BAD_REQUEST"));

        problem.ShouldBe(400, "INVALID_QUERY").Errors().Should().BeEquivalentTo(
            new Dictionary<string, string[]> { ["columns"] = ["the table has no such column"] });
    }

    [Theory]
    [InlineData("42501", 403, "CATALOG_PERMISSION_DENIED")]
    [InlineData("42P01", 404, "TABLE_NOT_FOUND")]
    [InlineData("22018", 400, "INVALID_QUERY")]
    public async Task A_failure_without_a_known_class_is_answered_by_its_SQLSTATE(string sqlState, int status, string errorCode) =>
        (await ProblemAsync(Statement(StatementStates.Failed, "[SOMETHING_NEW] x", sqlState, "BAD_REQUEST"))).ShouldBe(status, errorCode);

    [Theory]
    [InlineData("TEMPORARILY_UNAVAILABLE")]
    [InlineData("SERVICE_UNDER_MAINTENANCE")]
    [InlineData("WORKSPACE_TEMPORARILY_UNAVAILABLE")]
    [InlineData("RESOURCE_EXHAUSTED")]
    [InlineData("DEADLINE_EXCEEDED")]
    [InlineData("ABORTED")]
    [InlineData("IO_ERROR")]
    public async Task A_failure_of_the_warehouse_rather_than_the_query_is_worth_trying_again(string errorCode) =>
        (await ProblemAsync(Statement(StatementStates.Failed, "something went wrong", null, errorCode))).ShouldBe(503, "WAREHOUSE_UNAVAILABLE", 5);

    [Fact]
    public async Task The_error_class_decides_before_the_SQLSTATE_and_the_SQLSTATE_before_the_error_code()
    {
        (await ProblemAsync(Statement(StatementStates.Failed, "[TABLE_OR_VIEW_NOT_FOUND] x", "42501", "TEMPORARILY_UNAVAILABLE")))
            .ShouldBe(404, "TABLE_NOT_FOUND");
        (await ProblemAsync(Statement(StatementStates.Failed, "[SOMETHING_NEW] x", "42501", "TEMPORARILY_UNAVAILABLE")))
            .ShouldBe(403, "CATALOG_PERMISSION_DENIED");
        (await ProblemAsync(Statement(StatementStates.Failed, "no class", "99999", "TEMPORARILY_UNAVAILABLE")))
            .ShouldBe(503, "WAREHOUSE_UNAVAILABLE", 5);
    }

    [Fact]
    public async Task A_condition_must_match_exactly() =>
        await ExpectRethrowAsync(Statement(StatementStates.Failed, "[Table_Or_View_Not_Found] x", "42p01", "temporarily_unavailable"));

    [Fact]
    public async Task A_failure_nothing_is_known_about_is_an_error_of_this_service() =>
        await ExpectRethrowAsync(Statement(StatementStates.Failed, "[SOMETHING_NEW] x", "XX000", "INTERNAL_ERROR"));

    [Fact]
    public async Task A_failure_without_any_detail_is_an_error_of_this_service() =>
        await ExpectRethrowAsync(new StatementFailedException("st", new StatementStatus(StatementStates.Failed, null, null)));

    [Theory]
    [InlineData(3.0, 3)]
    [InlineData(0.001, 1)]
    public async Task An_unavailable_warehouse_passes_its_wait_on(double seconds, int retryAfter) =>
        (await ProblemAsync(new WarehouseUnavailableException(TimeSpan.FromSeconds(seconds), new HttpRequestException())))
            .ShouldBe(503, "WAREHOUSE_UNAVAILABLE", retryAfter);

    [Fact]
    public async Task An_unavailable_warehouse_that_gave_no_wait_suggests_five_seconds() =>
        (await ProblemAsync(new WarehouseUnavailableException(null, new HttpRequestException()))).ShouldBe(503, "WAREHOUSE_UNAVAILABLE", 5);

    [Fact]
    public async Task A_query_that_outlived_its_budget_is_a_query_timeout()
    {
        var problem = await ProblemAsync(new QueryTimeoutException("st", TimeSpan.FromSeconds(30)));

        problem.ShouldBe(503, "QUERY_TIMEOUT", 5).ProblemDetails.Detail.Should().StartWith("The query did not finish within 30 s");
    }

    [Fact]
    public async Task Without_a_warehouse_queries_are_not_configured()
    {
        var problem = await ProblemAsync(new WarehouseNotConfiguredException("no warehouse id"));

        problem.ShouldBe(503, "WORKSPACE_NOT_CONFIGURED").ProblemDetails.Detail.Should().Contain("no SQL warehouse is configured");
    }

    [Fact]
    public async Task Other_exceptions_are_not_the_filters_business()
    {
        var act = () => InvokeAsync(() => throw new TimeoutException());

        await act.Should().ThrowAsync<TimeoutException>();
    }

    [Fact]
    public async Task A_workspace_refusal_is_logged_with_its_status_code_and_request_id()
    {
        var logger = new ListLogger<WorkspaceErrorFilter>();

        await InvokeAsync(() => throw Workspace(403, "PERMISSION_DENIED"), logger);

        logger.Records.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            Level = LogLevel.Information,
            Message = "The workspace refused a call: status 403, error code PERMISSION_DENIED, request req-1",
        });
    }

    [Fact]
    public async Task A_failed_statement_is_logged_with_what_decided_its_answer()
    {
        var logger = new ListLogger<WorkspaceErrorFilter>();

        await InvokeAsync(() => throw Statement(StatementStates.Failed, "[TABLE_OR_VIEW_NOT_FOUND] x", "42P01", "NOT_FOUND"), logger);

        logger.Records.Should().ContainSingle().Which.Message.Should().Be(
            "Statement st-1 ended FAILED: error class TABLE_OR_VIEW_NOT_FOUND, SQLSTATE 42P01, error code NOT_FOUND");
    }

    [Fact]
    public async Task Warehouse_and_budget_failures_are_logged_as_warnings_and_a_missing_warehouse_as_an_error()
    {
        var logger = new ListLogger<WorkspaceErrorFilter>();
        var cause = new HttpRequestException("refused");

        await InvokeAsync(() => throw new WarehouseUnavailableException(null, cause), logger);
        await InvokeAsync(() => throw new QueryTimeoutException("st-9", TimeSpan.FromSeconds(30)), logger);
        await InvokeAsync(() => throw new WarehouseNotConfiguredException("DATABRICKS_WAREHOUSE_ID is not set"), logger);

        logger.Records.Select(r => (r.Level, r.Message, r.Exception)).Should().Equal(
            (LogLevel.Warning, "The SQL warehouse is unavailable after the client's retries", cause),
            (LogLevel.Warning, "Statement st-9 outlived the query budget of 00:00:30 and was cancelled", null),
            (LogLevel.Error, "Queries cannot run: DATABRICKS_WAREHOUSE_ID is not set", null));
    }

    private static DatabricksApiException Workspace(int? status, string errorCode, TimeSpan? retryAfter = null) =>
        new(status, errorCode, "refused", "req-1", retryAfter);

    private static StatementFailedException Statement(string state, string? message, string? sqlState, string? errorCode) =>
        new("st-1", new StatementStatus(state, new StatementError(errorCode, message), sqlState));

    private static async Task<ProblemHttpResult> ProblemAsync(Exception exception) =>
        (await InvokeAsync(() => throw exception)).AsProblem();

    private static async Task ExpectRethrowAsync(Exception exception)
    {
        var act = () => InvokeAsync(() => throw exception);

        (await act.Should().ThrowAsync<InvalidOperationException>()).Which.InnerException.Should().BeSameAs(exception);
    }

    private static async Task<object?> InvokeAsync(Func<object?> route, ILogger<WorkspaceErrorFilter>? logger = null)
    {
        var http = new DefaultHttpContext();
        http.SetEndpoint(new Endpoint(null, new EndpointMetadataCollection(RouteNotFound), "route"));
        var filter = new WorkspaceErrorFilter(logger ?? NullLogger<WorkspaceErrorFilter>.Instance);
        return await filter.InvokeAsync(new DefaultEndpointFilterInvocationContext(http), _ => ValueTask.FromResult(route()));
    }
}
