using Microsoft.AspNetCore.Mvc;
using MockDatabricks.Infrastructure;
using MockDatabricks.Model;
using MockDatabricks.Services;
using MockDatabricks.Services.Serving;

namespace MockDatabricks.Apis;

/// <summary>The test-only control API under <c>/__mock/</c>; mapped only when <c>Mock:EnableControlApi</c> is true.</summary>
public static class ControlApi
{
    public static IEndpointRouteBuilder MapControlApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/__mock");
        api.MapPost("/reset", ResetAsync);
        api.MapPost("/users", CreateUserAsync);
        api.MapPost("/grants", ApplyGrantAsync);
        api.MapPost("/faults", AddFault);
        api.MapDelete("/faults", (FaultInjector faults) =>
        {
            faults.Clear();
            return Results.NoContent();
        });
        api.MapDelete("/faults/{id}", (HttpContext context, string id, FaultInjector faults) =>
            faults.Remove(id) ? Results.NoContent() : DatabricksResults.NotFound(context, "RESOURCE_DOES_NOT_EXIST", $"Fault '{id}' does not exist."));
        api.MapGet("/requests", ([FromQuery] string? area, [FromQuery(Name = "user_name")] string? userName, int? limit, RequestJournal journal) =>
            Results.Json(journal.Recent(area, userName, Math.Clamp(limit ?? 100, 1, RequestJournal.Capacity))));
        return app;
    }

    // Users made through this API keep their grants: they belong to the tests that made them, which may run in
    // parallel with the test that resets.
    private static async Task<IResult> ResetAsync(PrivilegeModel privileges, PrincipalDirectory principals, RoleGrantSync sync,
        FaultInjector faults, ServingEndpointCatalog endpoints, CancellationToken cancellationToken)
    {
        faults.Clear();
        endpoints.ResetCounters();
        privileges.ResetSeedPrincipals();
        await sync.SyncAsync(principals.All.Where(p => p.IsSeed).ToList(), cancellationToken);
        return Results.NoContent();
    }

    private static async Task<IResult> CreateUserAsync(HttpContext context, CreateUserRequest request, PrincipalDirectory principals,
        PrivilegeModel privileges, RoleGrantSync sync, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(request.Like) || principals.Find(request.Like) is not { } template)
        {
            return DatabricksResults.BadRequest(context, $"'like' must name an existing user; got '{request.Like}'.");
        }

        if (principals.Add(request.UserName, request.DisplayName) is not var (principal, token))
        {
            return DatabricksResults.Error(context, 409, "RESOURCE_ALREADY_EXISTS", $"User '{request.UserName}' already exists.");
        }

        privileges.CopyGrants(template.UserName, principal.UserName);
        await sync.SyncAsync([principal], cancellationToken);
        loggers.CreateLogger(typeof(ControlApi)).LogInformation("Created user {UserName} like {Template}", principal.UserName, template.UserName);
        return Results.Json(new CreatedUser(principal.UserName, token), statusCode: StatusCodes.Status201Created);
    }

    private static async Task<IResult> ApplyGrantAsync(HttpContext context, GrantRequest request, PrincipalDirectory principals,
        PrivilegeModel privileges, WorkspaceCatalog catalog, ServingEndpointCatalog endpoints, RoleGrantSync sync, CancellationToken cancellationToken)
    {
        if (request.Principal is null || principals.Find(request.Principal) is not { } principal)
        {
            return DatabricksResults.NotFound(context, "RESOURCE_DOES_NOT_EXIST", $"Principal '{request.Principal}' does not exist.");
        }

        if (request.Action is not ("grant" or "revoke"))
        {
            return DatabricksResults.BadRequest(context, "action must be 'grant' or 'revoke'.");
        }

        if (request.SecurableType is null || request.Privilege is null || !Privileges.Applies(request.SecurableType, request.Privilege))
        {
            return DatabricksResults.BadRequest(context, $"Privilege '{request.Privilege}' cannot be granted on a '{request.SecurableType}'.");
        }

        var exists = request.SecurableType switch
        {
            SecurableTypes.Catalog => catalog.FindCatalog(request.FullName ?? "") is not null,
            SecurableTypes.Schema => catalog.FindSchema(request.FullName ?? "") is not null,
            SecurableTypes.Table => catalog.FindTable(request.FullName ?? "") is not null,
            _ => endpoints.Find(request.FullName ?? "") is not null,
        };
        if (!exists)
        {
            return DatabricksResults.NotFound(context, "RESOURCE_DOES_NOT_EXIST", $"The {request.SecurableType} '{request.FullName}' does not exist.");
        }

        if (privileges.Apply(principal.UserName, new Grant(request.SecurableType, request.FullName!, request.Privilege), request.Action == "grant"))
        {
            await sync.SyncAsync([principal], cancellationToken);
        }

        return Results.NoContent();
    }

    private static IResult AddFault(HttpContext context, FaultRequest request, FaultInjector faults, PrincipalDirectory principals)
    {
        if (request.Principal is not null && principals.Find(request.Principal) is null)
        {
            return DatabricksResults.NotFound(context, "RESOURCE_DOES_NOT_EXIST", $"Principal '{request.Principal}' does not exist.");
        }

        if (request.Area is null || !Areas.Faultable.Contains(request.Area))
        {
            return DatabricksResults.BadRequest(context, $"area must be one of {string.Join(", ", Areas.Faultable)}.");
        }

        if (request.Status is < 100 or > 599)
        {
            return DatabricksResults.BadRequest(context, "status must be an HTTP status code.");
        }

        if (request.Body is not null && !FaultBodies.Known.Contains(request.Body))
        {
            return DatabricksResults.BadRequest(context, $"body must be one of {string.Join(", ", FaultBodies.Known)}.");
        }

        var fault = faults.Add(request);
        return Results.Json(new CreatedFault(fault.Id), statusCode: StatusCodes.Status201Created);
    }
}
