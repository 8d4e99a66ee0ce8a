using Databricks.Client;
using ModelServing.Service.Apis;
using ModelServing.Service.Services;
using UnitTests.Support;

namespace UnitTests.ModelServing;

public sealed class ModelServingProblemsTests
{
    [Fact]
    public void Input_the_model_rejected_is_the_callers_to_fix_with_the_models_own_words()
    {
        var refusal = new DatabricksApiException(400, "BAD_REQUEST", "Databricks POST … failed", "req") { ServerMessage = "Missing column 'tenure'" };

        ModelServingProblems.FromWorkspace(refusal, "churn").ShouldBe(400, "INVALID_INPUT").ProblemDetails.Detail
            .Should().Be("The model rejected the input: Missing column 'tenure'");
    }

    [Fact]
    public void A_token_the_workspace_no_longer_accepts_is_401() =>
        ModelServingProblems.FromWorkspace(Workspace(401), "churn").ShouldBe(401, "AUTH_INVALID");

    [Fact]
    public void A_missing_permission_names_the_endpoint() =>
        ModelServingProblems.FromWorkspace(Workspace(403), "churn").ShouldBe(403, "ENDPOINT_PERMISSION_DENIED").ProblemDetails.Detail
            .Should().Be("You do not have permission to query the serving endpoint 'churn'.");

    [Fact]
    public void A_missing_endpoint_is_named() =>
        ModelServingProblems.FromWorkspace(Workspace(404), "churn").ShouldBe(404, "ENDPOINT_NOT_FOUND").ProblemDetails.Detail
            .Should().Be("There is no serving endpoint named 'churn'.");

    [Fact]
    public void A_model_past_its_execution_limit_is_a_model_timeout_to_retry() =>
        ModelServingProblems.FromWorkspace(Workspace(504), "churn").ShouldBe(503, "MODEL_TIMEOUT", 5).ProblemDetails.Detail
            .Should().Be("The serving endpoint 'churn' exceeded its execution time limit.");

    [Theory]
    [InlineData(null)]
    [InlineData(429)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(409)]
    public void Anything_else_leaves_the_model_unavailable_for_now(int? status) =>
        ModelServingProblems.FromWorkspace(Workspace(status, "TEMPORARILY_UNAVAILABLE"), "churn").ShouldBe(503, "MODEL_UNAVAILABLE", 5)
            .ProblemDetails.Detail.Should().Be("The serving endpoint 'churn' is not available right now (TEMPORARILY_UNAVAILABLE). Try again shortly.");

    [Fact]
    public void The_control_plane_being_unavailable_has_its_own_code() =>
        ModelServingProblems.FromWorkspace(Workspace(503), "churn", "WORKSPACE_UNAVAILABLE").ShouldBe(503, "WORKSPACE_UNAVAILABLE", 5);

    [Theory]
    [InlineData(503, 2.2, 3)]
    [InlineData(429, 0.1, 1)]
    [InlineData(504, 7.0, 7)]
    [InlineData(503, 0.0, 1)]
    public void The_workspaces_wait_is_passed_on_in_whole_seconds_and_at_least_one(int status, double seconds, int retryAfter) =>
        ModelServingProblems.FromWorkspace(Workspace(status, retryAfter: TimeSpan.FromSeconds(seconds)), "churn").RetryAfter().Should().Be(retryAfter);

    [Fact]
    public void A_table_source_the_catalog_refused_as_invalid_is_the_callers_input_to_fix()
    {
        var problem = ModelServingProblems.FromCatalog(new CatalogQueryException(400, "INVALID_QUERY", "the table has no column 'x'", null));

        problem.ShouldBe(400, "INVALID_INPUT").ProblemDetails.Detail.Should().Be("The table_source was refused: the table has no column 'x'");
        problem.Errors().Should().BeEquivalentTo(new Dictionary<string, string[]> { ["table_source"] = ["the table has no column 'x'"] });
    }

    [Theory]
    [InlineData(401, "AUTH_INVALID")]
    [InlineData(403, "CATALOG_PERMISSION_DENIED")]
    [InlineData(404, "TABLE_NOT_FOUND")]
    public void Refusals_about_the_table_keep_the_catalogs_status_and_code(int status, string errorCode) =>
        ModelServingProblems.FromCatalog(new CatalogQueryException(status, errorCode, "no", null)).ShouldBe(status, errorCode).ProblemDetails.Detail
            .Should().Be("no");

    [Theory]
    [InlineData(401, "UNAUTHORIZED")]
    [InlineData(403, "FORBIDDEN")]
    [InlineData(404, "NOT_FOUND")]
    public void A_refusal_without_a_code_gets_the_code_of_its_status(int status, string errorCode) =>
        ModelServingProblems.FromCatalog(new CatalogQueryException(status, null, "no", null)).ShouldBe(status, errorCode);

    [Theory]
    [InlineData(null, null, 5)]
    [InlineData(503, 9, 9)]
    [InlineData(500, null, 5)]
    [InlineData(429, 2, 2)]
    [InlineData(405, null, 5)]
    public void Any_other_catalog_failure_leaves_the_catalog_unavailable_for_now(int? status, int? retryAfter, int expectedRetryAfter) =>
        ModelServingProblems.FromCatalog(new CatalogQueryException(status, "X", "down", retryAfter)).ShouldBe(503, "CATALOG_UNAVAILABLE", expectedRetryAfter)
            .ProblemDetails.Detail.Should().Be("The table_source rows could not be read right now: down");

    [Fact]
    public void A_model_that_did_not_answer_in_time_names_the_timeout() =>
        ModelServingProblems.ModelTimeout(45).ShouldBe(503, "MODEL_TIMEOUT", 5).ProblemDetails.Detail
            .Should().Be("The model did not answer within 45 s. Try again, or allow more time with timeout_seconds.");

    [Fact]
    public void A_caller_who_hung_up_gets_499() =>
        ModelServingProblems.ClientClosedRequest().ShouldBe(499, "CLIENT_CLOSED_REQUEST");

    [Fact]
    public void Invalid_input_may_name_fields() =>
        ModelServingProblems.InvalidInput("bad", new Dictionary<string, string[]> { ["inputs"] = ["no"] }).ShouldBe(400, "INVALID_INPUT").Errors()
            .Should().ContainKey("inputs");

    private static DatabricksApiException Workspace(int? status, string errorCode = "ERROR", TimeSpan? retryAfter = null) =>
        new(status, errorCode, "failed", "req-1", retryAfter);
}
