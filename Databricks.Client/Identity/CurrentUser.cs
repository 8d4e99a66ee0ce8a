using Microsoft.AspNetCore.Http;

namespace Databricks.Client;

/// <summary>
/// The caller of this request: <see cref="UserId"/> is the SCIM userName (an email, or a UUID for a service principal),
/// and <see cref="Token"/> is what every workspace call made for this caller must use. A minimal API handler can take
/// it as a parameter; elsewhere use <see cref="CurrentUserHttpContextExtensions.GetCurrentUser"/> or
/// <see cref="ICurrentUserAccessor"/>.
/// </summary>
public sealed record CurrentUser(string UserId, string? DisplayName, DatabricksToken Token)
{
    /// <summary>Minimal API binding: the user the identity middleware put in the request.</summary>
    public static ValueTask<CurrentUser?> BindAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return ValueTask.FromResult(context.Features.Get<ICurrentUserFeature>()?.User);
    }
}
