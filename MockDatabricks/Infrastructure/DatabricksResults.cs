using MockDatabricks.Model;

namespace MockDatabricks.Infrastructure;

/// <summary>Error answers shaped like the real workspace's, each with a <c>RequestInfo</c> detail.</summary>
public static class DatabricksResults
{
    public static IResult Error(HttpContext context, int status, string errorCode, string message, params object[] extraDetails)
    {
        var details = new List<object>(extraDetails) { new RequestInfoDetail(context.TraceIdentifier, "") };
        return Results.Json(new ErrorBody(errorCode, message, details), statusCode: status);
    }

    public static IResult BadRequest(HttpContext context, string message) =>
        Error(context, StatusCodes.Status400BadRequest, "INVALID_PARAMETER_VALUE", message);

    public static IResult NotFound(HttpContext context, string errorCode, string message) =>
        Error(context, StatusCodes.Status404NotFound, errorCode, message);

    public static IResult UnityCatalogForbidden(HttpContext context, string message) =>
        Error(context, StatusCodes.Status403Forbidden, "PERMISSION_DENIED", message,
            new ErrorInfoDetail("PERMISSION_DENIED", "unity-catalog.databricks.com", new Dictionary<string, string>()));

    public static IResult Forbidden(HttpContext context, string message) =>
        Error(context, StatusCodes.Status403Forbidden, "PERMISSION_DENIED", message);

    /// <summary>The canonical <c>error_code</c> of an HTTP status, as the SDK mapping table pairs them.</summary>
    public static string CanonicalCode(int status) => status switch
    {
        400 => "BAD_REQUEST",
        401 => "UNAUTHENTICATED",
        403 => "PERMISSION_DENIED",
        404 => "NOT_FOUND",
        409 => "RESOURCE_CONFLICT",
        429 => "REQUEST_LIMIT_EXCEEDED",
        499 => "CANCELLED",
        501 => "NOT_IMPLEMENTED",
        503 => "TEMPORARILY_UNAVAILABLE",
        504 => "DEADLINE_EXCEEDED",
        _ => "INTERNAL_ERROR",
    };
}
