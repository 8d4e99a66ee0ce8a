using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ServiceDefaults.Lakebase;

namespace ServiceDefaults.Problems;

/// <summary>
/// The one way services produce errors: an <c>application/problem+json</c> result with <c>error_code</c>, <c>detail</c>,
/// <c>status</c> and <c>correlation_id</c>, and with <c>retry_after</c> plus a matching <c>Retry-After</c> header when given.
/// </summary>
public static class ApiProblem
{
    /// <param name="statusCode">A 4xx or 5xx status.</param>
    /// <param name="errorCode">The machine-readable code, such as <c>PREFERENCE_NOT_FOUND</c>.</param>
    /// <param name="detail">What went wrong, for a person. Never put exception messages, SQL or secrets here.</param>
    /// <param name="title">Overrides ASP.NET Core's title for the status.</param>
    /// <param name="retryAfterSeconds">When the caller may retry; sent as <c>retry_after</c> and as the <c>Retry-After</c> header.</param>
    /// <param name="errors">Validation messages by field name, for validation failures.</param>
    public static ProblemHttpResult Create(
        int statusCode,
        string errorCode,
        string detail,
        string? title = null,
        int? retryAfterSeconds = null,
        IDictionary<string, string[]>? errors = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(statusCode, StatusCodes.Status400BadRequest);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(statusCode, 599);
        ArgumentException.ThrowIfNullOrWhiteSpace(errorCode);
        ArgumentException.ThrowIfNullOrWhiteSpace(detail);
        if (retryAfterSeconds is { } seconds)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(seconds, nameof(retryAfterSeconds));
        }

        var problem = errors is null ? new ProblemDetails() : new HttpValidationProblemDetails(errors);
        problem.Status = statusCode;
        problem.Title = title;
        problem.Detail = detail;
        problem.Extensions[ProblemFields.ErrorCode] = errorCode;
        if (retryAfterSeconds is not null)
        {
            problem.Extensions[ProblemFields.RetryAfter] = retryAfterSeconds.Value;
        }

        return TypedResults.Problem(problem);
    }

    /// <summary>503 <c>LAKEBASE_NOT_CONFIGURED</c>, without <c>retry_after</c>: retrying will not help until the deployment changes.</summary>
    public static ProblemHttpResult LakebaseNotConfigured(string? detail = null) => Create(
        StatusCodes.Status503ServiceUnavailable,
        ErrorCodes.LakebaseNotConfigured,
        detail ?? "This feature is not available because no Lakebase database is configured for this deployment.",
        title: "Lakebase is not configured");

    /// <summary>503 <c>DATABASE_UNAVAILABLE</c> with <c>retry_after</c>: the database is unreachable, failing over or refusing connections.</summary>
    public static ProblemHttpResult DatabaseUnavailable() => Create(
        StatusCodes.Status503ServiceUnavailable,
        ErrorCodes.DatabaseUnavailable,
        "The database cannot be reached right now. Try again shortly.",
        retryAfterSeconds: DatabaseErrors.RetryAfterSeconds);
}
