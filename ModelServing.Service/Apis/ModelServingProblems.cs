using Databricks.Client;
using Microsoft.AspNetCore.Http.HttpResults;
using ModelServing.Service.Model;
using ServiceDefaults.Problems;

namespace ModelServing.Service.Apis;

/// <summary>The problems of this service (api-contract.md §4), and how workspace failures become them.</summary>
public static class ModelServingProblems
{
    /// <summary>The <c>retry_after</c> when the workspace asked for none: about as long as an endpoint takes to warm.</summary>
    public const int DefaultRetryAfterSeconds = 5;

    public static ProblemHttpResult InvalidInput(string detail, IDictionary<string, string[]>? errors = null) =>
        ApiProblem.Create(StatusCodes.Status400BadRequest, ModelServingErrorCodes.InvalidInput, detail, errors: errors);

    public static ProblemHttpResult EndpointNotFound(string name) =>
        ApiProblem.Create(StatusCodes.Status404NotFound, ModelServingErrorCodes.EndpointNotFound, $"There is no serving endpoint named '{name}'.");

    public static ProblemHttpResult ModelTimeout(int timeoutSeconds) => ApiProblem.Create(
        StatusCodes.Status503ServiceUnavailable,
        ModelServingErrorCodes.ModelTimeout,
        $"The model did not answer within {timeoutSeconds} s. Try again, or allow more time with timeout_seconds.",
        retryAfterSeconds: DefaultRetryAfterSeconds);

    /// <summary>The caller hung up before the model answered.</summary>
    public static ProblemHttpResult ClientClosedRequest() => ApiProblem.Create(
        StatusCodes.Status499ClientClosedRequest, ModelServingErrorCodes.ClientClosedRequest, "The caller closed the request before the model answered.");

    /// <summary>
    /// The problem for a failed workspace call about endpoint <paramref name="name"/>. A 429 or 5xx that is left after the
    /// client's retries is <paramref name="unavailableCode"/>: MODEL_UNAVAILABLE for an invocation,
    /// WORKSPACE_UNAVAILABLE for the control plane.
    /// </summary>
    public static ProblemHttpResult FromWorkspace(
        DatabricksApiException exception,
        string name,
        string unavailableCode = ModelServingErrorCodes.ModelUnavailable) => exception.StatusCode switch
    {
        StatusCodes.Status400BadRequest => InvalidInput($"The model rejected the input: {exception.ServerMessage}"),
        StatusCodes.Status401Unauthorized => ApiProblem.Create(
            StatusCodes.Status401Unauthorized, ModelServingErrorCodes.AuthInvalid, "The workspace no longer accepts your token."),
        StatusCodes.Status403Forbidden => ApiProblem.Create(
            StatusCodes.Status403Forbidden,
            ModelServingErrorCodes.EndpointPermissionDenied,
            $"You do not have permission to query the serving endpoint '{name}'."),
        StatusCodes.Status404NotFound => EndpointNotFound(name),
        StatusCodes.Status504GatewayTimeout => ApiProblem.Create(
            StatusCodes.Status503ServiceUnavailable,
            ModelServingErrorCodes.ModelTimeout,
            $"The serving endpoint '{name}' exceeded its execution time limit.",
            retryAfterSeconds: RetryAfterSeconds(exception)),
        _ => ApiProblem.Create(
            StatusCodes.Status503ServiceUnavailable,
            unavailableCode,
            $"The serving endpoint '{name}' is not available right now ({exception.ErrorCode}). Try again shortly.",
            retryAfterSeconds: RetryAfterSeconds(exception)),
    };

    /// <summary>
    /// A refused <c>table_source</c> read. A 400 is the caller's input (INVALID_INPUT, the catalog's detail passed on);
    /// 401, 403 and 404 keep the catalog's status and code (CATALOG_PERMISSION_DENIED, TABLE_NOT_FOUND, …), so the
    /// caller learns which table is the problem; anything else means the catalog service is unavailable.
    /// </summary>
    public static ProblemHttpResult FromCatalog(Services.CatalogQueryException exception) => exception.StatusCode switch
    {
        StatusCodes.Status400BadRequest => InvalidInput(
            $"The table_source was refused: {exception.Message}", new Dictionary<string, string[]> { ["table_source"] = [exception.Message] }),
        (StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden or StatusCodes.Status404NotFound) and int status =>
            ApiProblem.Create(status, exception.ErrorCode ?? ErrorCodes.ForStatus(status), exception.Message),
        _ => ApiProblem.Create(
            StatusCodes.Status503ServiceUnavailable,
            ModelServingErrorCodes.CatalogUnavailable,
            $"The table_source rows could not be read right now: {exception.Message}",
            retryAfterSeconds: exception.RetryAfterSeconds ?? DefaultRetryAfterSeconds),
    };

    private static int RetryAfterSeconds(DatabricksApiException exception) =>
        exception.RetryAfter is { } wait ? Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)) : DefaultRetryAfterSeconds;
}
