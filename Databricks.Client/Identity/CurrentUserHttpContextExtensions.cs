using Microsoft.AspNetCore.Http;

namespace Databricks.Client;

public static class CurrentUserHttpContextExtensions
{
    /// <summary>The caller; throws when the identity middleware did not run for this request (a public route).</summary>
    public static CurrentUser GetCurrentUser(this HttpContext context) =>
        context.FindCurrentUser() ?? throw new InvalidOperationException(
            "No caller identity on this request: is UseDatabricksIdentity() in the pipeline, and is the route public?");

    public static CurrentUser? FindCurrentUser(this HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return context.Features.Get<ICurrentUserFeature>()?.User;
    }
}
