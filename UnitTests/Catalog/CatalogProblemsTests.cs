using Catalog.Service.Services;
using UnitTests.Support;

namespace UnitTests.Catalog;

public sealed class CatalogProblemsTests
{
    [Theory]
    [InlineData(1.0, 1)]
    [InlineData(1.001, 2)]
    [InlineData(0.0, 1)]
    [InlineData(0.4, 1)]
    [InlineData(120.0, 120)]
    public void A_wait_the_workspace_asked_for_is_passed_on_in_whole_seconds_and_at_least_one(double seconds, int retryAfter)
    {
        var wait = TimeSpan.FromSeconds(seconds);

        CatalogProblems.WarehouseUnavailable(wait).RetryAfter().Should().Be(retryAfter);
        CatalogProblems.WorkspaceUnavailable(wait).RetryAfter().Should().Be(retryAfter);
        CatalogProblems.RateLimited(wait).RetryAfter().Should().Be(retryAfter);
    }

    [Fact]
    public void Without_a_wait_from_the_workspace_five_seconds_are_suggested()
    {
        CatalogProblems.WarehouseUnavailable(null).ShouldBe(503, "WAREHOUSE_UNAVAILABLE", 5);
        CatalogProblems.WorkspaceUnavailable(null).ShouldBe(503, "WORKSPACE_UNAVAILABLE", 5);
        CatalogProblems.RateLimited(null).ShouldBe(429, "RATE_LIMITED", 5);
    }

    [Theory]
    [InlineData(30.0, "30")]
    [InlineData(2.5, "2.5")]
    [InlineData(0.25, "0.3")]
    public void A_query_timeout_names_the_budget_in_seconds(double seconds, string text) =>
        CatalogProblems.QueryTimeout(TimeSpan.FromSeconds(seconds)).ShouldBe(503, "QUERY_TIMEOUT", 5).ProblemDetails.Detail
            .Should().Be($"The query did not finish within {text} s and was cancelled. Narrow it down or try again later.");

    [Fact]
    public void What_is_not_configured_is_named_and_retrying_would_not_help() =>
        CatalogProblems.WorkspaceNotConfigured("SQL warehouse").ShouldBe(503, "WORKSPACE_NOT_CONFIGURED").ProblemDetails.Detail
            .Should().Be("Unity Catalog is not available because no SQL warehouse is configured for this deployment.");

    [Fact]
    public void An_invalid_query_names_the_field()
    {
        var problem = CatalogProblems.InvalidQuery("limit", "must be an integer from 1 to 1000").ShouldBe(400, "INVALID_QUERY");

        problem.Errors().Should().BeEquivalentTo(new Dictionary<string, string[]> { ["limit"] = ["must be an integer from 1 to 1000"] });
    }

    [Fact]
    public void Refusals_have_their_status_and_code()
    {
        CatalogProblems.PermissionDenied().ShouldBe(403, "CATALOG_PERMISSION_DENIED");
        CatalogProblems.AuthInvalid().ShouldBe(401, "AUTH_INVALID");
        CatalogProblems.NotFound("TABLE_NOT_FOUND", "The table does not exist.").ShouldBe(404, "TABLE_NOT_FOUND").ProblemDetails.Detail
            .Should().Be("The table does not exist.");
    }
}
