using System.Net.Http.Headers;
using System.Text;
using MockDatabricks.Services;

namespace MockDatabricks.Apis;

/// <summary>OAuth machine-to-machine: the OIDC metadata and the client-credentials token endpoint.</summary>
public static class OidcApi
{
    private static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(1);

    public static IEndpointRouteBuilder MapOidcApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/oidc/.well-known/oauth-authorization-server", (HttpContext context) =>
        {
            var issuer = $"{context.Request.Scheme}://{context.Request.Host}/oidc";
            return Results.Json(new
            {
                issuer,
                authorization_endpoint = $"{issuer}/v1/authorize",
                token_endpoint = $"{issuer}/v1/token",
                grant_types_supported = new[] { "client_credentials", "authorization_code", "refresh_token" },
                token_endpoint_auth_methods_supported = new[] { "client_secret_basic", "client_secret_post" },
                scopes_supported = new[] { "all-apis", "sql", "offline_access" },
            });
        });
        app.MapPost("/oidc/v1/token", IssueTokenAsync);
        return app;
    }

    private static async Task<IResult> IssueTokenAsync(HttpContext context, PrincipalDirectory principals)
    {
        if (!context.Request.HasFormContentType)
        {
            return OAuthError("invalid_request", "The body must be application/x-www-form-urlencoded.", 400);
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        if (form["grant_type"] != "client_credentials")
        {
            return OAuthError("unsupported_grant_type", "Only the client_credentials grant is supported here.", 400);
        }

        var (clientId, clientSecret) = ClientCredentials(context.Request, form);
        if (clientId is null || clientSecret is null || principals.FindServicePrincipal(clientId, clientSecret) is not { } principal)
        {
            return OAuthError("invalid_client", "Client authentication failed.", 401);
        }

        var scope = form["scope"].ToString() is { Length: > 0 } requested ? requested : "all-apis";
        return Results.Json(new
        {
            access_token = principals.IssueAccessToken(principal, TokenLifetime),
            token_type = "Bearer",
            expires_in = (int)TokenLifetime.TotalSeconds,
            scope,
        });
    }

    // Basic authentication, as the SDKs send it; the form fields (client_secret_post) are accepted too.
    private static (string? Id, string? Secret) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        if (AuthenticationHeaderValue.TryParse(request.Headers.Authorization, out var header)
            && string.Equals(header.Scheme, "Basic", StringComparison.OrdinalIgnoreCase) && header.Parameter is { } parameter)
        {
            try
            {
                var decoded = Encoding.UTF8.GetString(Convert.FromBase64String(parameter));
                var colon = decoded.IndexOf(':', StringComparison.Ordinal);
                return colon < 0 ? (null, null) : (Uri.UnescapeDataString(decoded[..colon]), Uri.UnescapeDataString(decoded[(colon + 1)..]));
            }
            catch (FormatException)
            {
                return (null, null);
            }
        }

        return (form["client_id"].ToString() is { Length: > 0 } id ? id : null, form["client_secret"].ToString() is { Length: > 0 } secret ? secret : null);
    }

    private static IResult OAuthError(string error, string description, int status) =>
        Results.Json(new { error, error_description = description }, statusCode: status);
}
