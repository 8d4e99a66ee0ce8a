using MockDatabricks.Middleware;
using MockDatabricks.Model;
using MockDatabricks.Services;

namespace MockDatabricks.Apis;

public static class ScimApi
{
    public static IEndpointRouteBuilder MapScimApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/2.0/preview/scim/v2/Me", (HttpContext context) => Results.Json(ToScim(context.Caller())))
            .WithFaults(Areas.Scim);
        return app;
    }

    private static ScimUser ToScim(Principal principal) => new(
        principal.Id,
        principal.UserName,
        principal.DisplayName,
        principal.IsServicePrincipal ? null : new ScimName(principal.GivenName, principal.FamilyName),
        principal.IsServicePrincipal ? [] : [new ScimValue(principal.UserName, Type: "work", Primary: true)],
        principal.Groups.Select(g => new ScimValue(g, g, "direct", Ref: $"Groups/{g}")).ToList(),
        [new ScimValue("workspace-access"), new ScimValue("databricks-sql-access")],
        true,
        ["urn:ietf:params:scim:schemas:core:2.0:User", "urn:ietf:params:scim:schemas:extension:workspace:2.0:User"]);
}
