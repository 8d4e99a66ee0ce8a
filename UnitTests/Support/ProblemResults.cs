using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;

namespace UnitTests.Support;

/// <summary>Reads what a caller sees in a problem+json answer: status, <c>error_code</c>, <c>retry_after</c>, <c>errors</c>.</summary>
internal static class ProblemResults
{
    public static ProblemHttpResult AsProblem(this object? result) => result.Should().BeOfType<ProblemHttpResult>().Subject;

    public static string? ErrorCode(this ProblemHttpResult problem) =>
        problem.ProblemDetails.Extensions.TryGetValue("error_code", out var code) ? (string?)code : null;

    public static int? RetryAfter(this ProblemHttpResult problem) =>
        problem.ProblemDetails.Extensions.TryGetValue("retry_after", out var seconds) ? (int?)seconds : null;

    public static IDictionary<string, string[]> Errors(this ProblemHttpResult problem) =>
        problem.ProblemDetails.Should().BeOfType<HttpValidationProblemDetails>().Subject.Errors;

    /// <summary>Status, error code and retry hint in one assertion.</summary>
    public static ProblemHttpResult ShouldBe(this ProblemHttpResult problem, int status, string errorCode, int? retryAfter = null)
    {
        problem.StatusCode.Should().Be(status);
        problem.ErrorCode().Should().Be(errorCode);
        problem.RetryAfter().Should().Be(retryAfter);
        return problem;
    }
}
