using Microsoft.AspNetCore.Http;

namespace Databricks.Client;

/// <summary>
/// The caller's token: X-Forwarded-Access-Token (set by the Apps proxy) wins over Authorization: Bearer. Public so that a
/// service can pass the caller's own token on to another service of the app; never log or return what it reads.
/// </summary>
public static class AccessTokenReader
{
    public const string ForwardedTokenHeader = "X-Forwarded-Access-Token";
    private const string BearerPrefix = "Bearer ";

    public static string? Read(HttpRequest request)
    {
        var forwarded = request.Headers[ForwardedTokenHeader].ToString().Trim();
        if (forwarded.Length > 0)
        {
            return forwarded;
        }

        var authorization = request.Headers.Authorization.ToString().Trim();
        if (!authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var bearer = authorization[BearerPrefix.Length..].Trim();
        return bearer.Length > 0 ? bearer : null;
    }
}
