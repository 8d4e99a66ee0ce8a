using Microsoft.AspNetCore.Http.HttpResults;
using ServiceDefaults.Problems;

namespace Catalog.Service.Services;

/// <summary>The problems this service answers with, one place for their wording and retry hints.</summary>
public static class CatalogProblems
{
    public const int RetryAfterSeconds = 5;

    public static ProblemHttpResult InvalidQuery(IDictionary<string, string[]> errors) => ApiProblem.Create(
        StatusCodes.Status400BadRequest, CatalogErrorCodes.InvalidQuery, "The request is not a valid catalog request; see errors.", errors: errors);

    public static ProblemHttpResult InvalidQuery(string field, string message) =>
        InvalidQuery(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult PermissionDenied() => ApiProblem.Create(
        StatusCodes.Status403Forbidden, CatalogErrorCodes.PermissionDenied,
        "You lack a privilege this needs (USE CATALOG, USE SCHEMA or SELECT). Ask the owner for a grant.");

    public static ProblemHttpResult NotFound(string errorCode, string detail) =>
        ApiProblem.Create(StatusCodes.Status404NotFound, errorCode, detail);

    public static ProblemHttpResult WarehouseUnavailable(TimeSpan? retryAfter) => ApiProblem.Create(
        StatusCodes.Status503ServiceUnavailable, CatalogErrorCodes.WarehouseUnavailable,
        "The SQL warehouse is busy or unavailable. Try again shortly.", retryAfterSeconds: Seconds(retryAfter));

    public static ProblemHttpResult WorkspaceUnavailable(TimeSpan? retryAfter) => ApiProblem.Create(
        StatusCodes.Status503ServiceUnavailable, CatalogErrorCodes.WorkspaceUnavailable,
        "The Databricks workspace cannot be reached right now. Try again shortly.", retryAfterSeconds: Seconds(retryAfter));

    public static ProblemHttpResult QueryTimeout(TimeSpan budget) => ApiProblem.Create(
        StatusCodes.Status503ServiceUnavailable, CatalogErrorCodes.QueryTimeout,
        $"The query did not finish within {budget.TotalSeconds:0.#} s and was cancelled. Narrow it down or try again later.",
        retryAfterSeconds: RetryAfterSeconds);

    public static ProblemHttpResult WorkspaceNotConfigured(string what) => ApiProblem.Create(
        StatusCodes.Status503ServiceUnavailable, CatalogErrorCodes.WorkspaceNotConfigured,
        $"Unity Catalog is not available because no {what} is configured for this deployment.");

    public static ProblemHttpResult AuthInvalid() => ApiProblem.Create(
        StatusCodes.Status401Unauthorized, CatalogErrorCodes.AuthInvalid, "The workspace no longer accepts your access token.");

    /// <summary>429: the workspace is rate-limiting this caller.</summary>
    public static ProblemHttpResult RateLimited(TimeSpan? retryAfter) => ApiProblem.Create(
        StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited, "The workspace is rate-limiting requests. Try again shortly.",
        retryAfterSeconds: Seconds(retryAfter));

    /// <summary>What the workspace asked for, in whole seconds and at least one, or our own default when it did not say.</summary>
    private static int Seconds(TimeSpan? retryAfter) =>
        retryAfter is { } wait ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : RetryAfterSeconds;
}
