using MockDatabricks.Model;
using MockDatabricks.Services;

namespace MockDatabricks.Middleware;

/// <summary>
/// Bearer-token authentication for the workspace APIs, with the real workspace's answers: 401 when no credential
/// is sent, 403 with the legacy numeric body for a token it does not know.
/// </summary>
public sealed class WorkspaceAuthenticationMiddleware(RequestDelegate next, PrincipalDirectory principals)
{
    private const string PrincipalKey = "mock.principal";

    public async Task InvokeAsync(HttpContext context)
    {
        var area = Areas.Of(context.Request.Path);
        if (area is null or Areas.Oidc)
        {
            await next(context);
            return;
        }

        var header = context.Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || header.Length <= "Bearer ".Length)
        {
            await RefuseAsync(context, StatusCodes.Status401Unauthorized, "Credential was not sent or was of an unsupported type for this API.");
            return;
        }

        var principal = principals.Authenticate(header["Bearer ".Length..].Trim());
        if (principal is null)
        {
            await RefuseAsync(context, StatusCodes.Status403Forbidden, "Invalid access token.");
            return;
        }

        context.Items[PrincipalKey] = principal;
        await next(context);
    }

    public static Principal? PrincipalOf(HttpContext context) => context.Items[PrincipalKey] as Principal;

    private static Task RefuseAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.Headers["X-Databricks-Reason-Phrase"] = message;
        return context.Response.WriteAsJsonAsync(new LegacyAuthErrorBody(status, message), context.RequestAborted);
    }
}

public static class PrincipalHttpContextExtensions
{
    /// <summary>The authenticated caller; the middleware guarantees one on every workspace route.</summary>
    public static Principal Caller(this HttpContext context) =>
        WorkspaceAuthenticationMiddleware.PrincipalOf(context) ?? throw new InvalidOperationException("The request is not authenticated.");
}
