using Microsoft.AspNetCore.Http;

namespace Databricks.Client;

/// <summary>The caller of the current request, for code that has no HttpContext at hand.</summary>
public interface ICurrentUserAccessor
{
    /// <summary>Null outside a request or on a public route.</summary>
    CurrentUser? CurrentUser { get; }
}

internal sealed class CurrentUserAccessor(IHttpContextAccessor httpContextAccessor) : ICurrentUserAccessor
{
    public CurrentUser? CurrentUser => httpContextAccessor.HttpContext?.FindCurrentUser();
}
