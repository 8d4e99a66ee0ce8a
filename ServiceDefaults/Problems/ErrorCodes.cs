using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;

namespace ServiceDefaults.Problems;

/// <summary>The <c>error_code</c> values every service shares (api-contract.md §1.3).</summary>
public static class ErrorCodes
{
    public const string InvalidRequest = "INVALID_REQUEST";
    public const string NotFound = "NOT_FOUND";
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string PayloadTooLarge = "PAYLOAD_TOO_LARGE";
    public const string UnsupportedMediaType = "UNSUPPORTED_MEDIA_TYPE";
    public const string RateLimited = "RATE_LIMITED";
    public const string InternalError = "INTERNAL_ERROR";
    public const string ServiceUnavailable = "SERVICE_UNAVAILABLE";
    public const string LakebaseNotConfigured = "LAKEBASE_NOT_CONFIGURED";
    public const string DatabaseUnavailable = "DATABASE_UNAVAILABLE";

    /// <summary>
    /// The code for an error that nobody gave one, such as a 404 from routing: the contract's name where it has one,
    /// otherwise the reason phrase in upper snake case (409 gives <c>CONFLICT</c>).
    /// </summary>
    public static string ForStatus(int statusCode) => statusCode switch
    {
        StatusCodes.Status400BadRequest => InvalidRequest,
        StatusCodes.Status404NotFound => NotFound,
        StatusCodes.Status405MethodNotAllowed => MethodNotAllowed,
        StatusCodes.Status413PayloadTooLarge => PayloadTooLarge,
        StatusCodes.Status415UnsupportedMediaType => UnsupportedMediaType,
        StatusCodes.Status429TooManyRequests => RateLimited,
        StatusCodes.Status500InternalServerError => InternalError,
        StatusCodes.Status503ServiceUnavailable => ServiceUnavailable,
        _ => FromReasonPhrase(statusCode),
    };

    private static string FromReasonPhrase(int statusCode)
    {
        var reasonPhrase = ReasonPhrases.GetReasonPhrase(statusCode);
        if (reasonPhrase.Length == 0)
        {
            return statusCode >= StatusCodes.Status500InternalServerError ? InternalError : InvalidRequest;
        }

        var code = new StringBuilder(reasonPhrase.Length);
        foreach (var character in reasonPhrase)
        {
            code.Append(char.IsAsciiLetterOrDigit(character) ? char.ToUpper(character, CultureInfo.InvariantCulture) : '_');
        }

        return code.ToString();
    }
}
