using Microsoft.AspNetCore.Builder;

namespace Databricks.Client;

public static class DatabricksIdentityApplicationBuilderExtensions
{
    /// <summary>
    /// Adds the caller-identity middleware. Put it after correlation/exception handling and before the endpoints;
    /// requires <c>AddDatabricksClient()</c>.
    /// </summary>
    public static IApplicationBuilder UseDatabricksIdentity(this IApplicationBuilder app) =>
        app.UseMiddleware<DatabricksIdentityMiddleware>();
}
