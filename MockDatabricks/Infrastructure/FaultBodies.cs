using System.Net;
using Microsoft.AspNetCore.Diagnostics;
using MockDatabricks.Model;
using MockDatabricks.Services;

namespace MockDatabricks.Infrastructure;

/// <summary>
/// The error bodies an injected fault can answer with: the standard one and the legacy shapes of facts §1.1, so that
/// tests can prove a client reads each of them.
/// </summary>
public static class FaultBodies
{
    public const string Standard = "standard";
    public const string IntegerCode = "integer-code";
    public const string ErrorField = "error-field";
    public const string Scim = "scim";
    public const string Text = "text";
    public const string Html = "html";
    public const string Empty = "empty";

    public static readonly IReadOnlySet<string> Known = new HashSet<string>(StringComparer.Ordinal)
    {
        Standard, IntegerCode, ErrorField, Scim, Text, Html, Empty,
    };

    /// <summary>The fault's answer: its status, in the shape (and with the Content-Type) its body names.</summary>
    public static IResult Result(HttpContext http, Fault fault)
    {
        var status = fault.Status;
        var code = DatabricksResults.CanonicalCode(status);
        var message = $"Injected fault {fault.Id}.";
        return fault.Body switch
        {
            IntegerCode => Results.Json(new LegacyAuthErrorBody(status, message), statusCode: status),
            ErrorField => Results.Json(new LegacyErrorFieldBody(message), statusCode: status),
            // RFC 7644 gives a scimType to 400s only.
            Scim => Results.Json(
                new ScimErrorBody([ScimErrorBody.Schema], message, status.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    status == StatusCodes.Status400BadRequest ? "invalidValue" : null),
                contentType: "application/scim+json", statusCode: status),
            Text => Results.Text($"{code}: {message}", "text/plain", System.Text.Encoding.UTF8, status),
            Html => Results.Text(
                $"<html><head><title>Error {status}</title></head><body><h2>HTTP ERROR {status}</h2><pre>{WebUtility.HtmlEncode(message)}</pre></body></html>",
                "text/html", System.Text.Encoding.UTF8, status),
            Empty => NoBody(http, status),
            _ => DatabricksResults.Error(http, status, code, message),
        };
    }

    // The service defaults turn a bare error status into a problem body; this answer must go out with no body at all.
    private static IResult NoBody(HttpContext http, int status)
    {
        if (http.Features.Get<IStatusCodePagesFeature>() is { } statusCodePages)
        {
            statusCodePages.Enabled = false;
        }

        return Results.StatusCode(status);
    }
}
