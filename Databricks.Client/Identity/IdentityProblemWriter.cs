using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace Databricks.Client;

/// <summary>
/// Writes the identity middleware's errors as problem+json through ASP.NET Core's problem details pipeline. The one
/// place to switch to the shared ServiceDefaults helper (which also owns correlation ids) once it exists.
/// </summary>
internal static partial class IdentityProblemWriter
{
    private const string CorrelationHeader = "X-Correlation-ID";

    public static Task WriteAsync(HttpContext context, IdentityFailure failure)
    {
        var extensions = new Dictionary<string, object?>
        {
            ["error_code"] = failure.ErrorCode,
            ["correlation_id"] = CorrelationId(context),
        };
        if (failure.RetryAfterSeconds is { } seconds)
        {
            extensions["retry_after"] = seconds;
            context.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        return TypedResults.Problem(detail: failure.Detail, statusCode: failure.Status, extensions: extensions).ExecuteAsync(context);
    }

    // Prefer what a correlation middleware already echoed; else the caller's valid id; else the request's own id.
    private static string CorrelationId(HttpContext context)
    {
        var echoed = context.Response.Headers[CorrelationHeader].ToString();
        if (echoed.Length > 0)
        {
            return echoed;
        }

        var incoming = context.Request.Headers[CorrelationHeader].ToString();
        return ValidCorrelationId().IsMatch(incoming) ? incoming : context.TraceIdentifier;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,64}$")]
    private static partial Regex ValidCorrelationId();
}
