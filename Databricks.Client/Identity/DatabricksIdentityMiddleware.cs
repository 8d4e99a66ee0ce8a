using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Databricks.Client;

/// <summary>
/// Resolves the caller of every non-public request (api-contract §1.1) and puts a <see cref="CurrentUser"/> in it;
/// answers with problem+json when that is impossible.
/// </summary>
internal sealed class DatabricksIdentityMiddleware(
    RequestDelegate next,
    IdentityResolver resolver,
    IOptions<DatabricksIdentityOptions> options,
    ILogger<DatabricksIdentityMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // No endpoint: an unknown route is 404 NOT_FOUND for everyone, token or not.
        if (IsPublic(context.Request.Path) || context.GetEndpoint() is null)
        {
            await next(context);
            return;
        }

        var token = AccessTokenReader.Read(context.Request);
        if (token is null)
        {
            IdentityLog.Missing(logger, context.Request.Path);
            await IdentityProblemWriter.WriteAsync(context, IdentityFailure.Missing);
            return;
        }

        CurrentUser user;
        try
        {
            user = await resolver.ResolveAsync(new DatabricksToken(token), context.RequestAborted);
        }
        catch (DatabricksApiException exception)
        {
            var failure = IdentityFailure.From(exception, options.Value);
            IdentityLog.Unresolved(logger, failure.ErrorCode, exception.StatusCode, exception.ErrorCode, exception.RequestId);
            await IdentityProblemWriter.WriteAsync(context, failure);
            return;
        }

        context.Features.Set<ICurrentUserFeature>(new CurrentUserFeature(user));
        await next(context);
    }

    private bool IsPublic(PathString path) =>
        options.Value.PublicPaths.Any(publicPath => path.Equals(publicPath, StringComparison.OrdinalIgnoreCase));
}
