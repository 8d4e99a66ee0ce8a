using MockDatabricks.Infrastructure;
using MockDatabricks.Middleware;
using MockDatabricks.Model;
using MockDatabricks.Services;

namespace MockDatabricks.Apis;

/// <summary>Lakebase (database instance) credentials and instances; the instance points at the test PostgreSQL.</summary>
public static class DatabaseApi
{
    public static IEndpointRouteBuilder MapDatabaseApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/2.0/database").WithFaults(Areas.Database, DatabaseTargets);
        api.MapPost("/credentials", GenerateCredentialAsync);
        api.MapGet("/instances/{name}", GetInstance);
        return app;
    }

    private static async Task<IResult> GenerateCredentialAsync(
        HttpContext context, DatabaseCredentialRequest request, ReferenceData data, LakebaseCredentials credentials)
    {
        if (request.InstanceNames is not { Count: > 0 } names)
        {
            return DatabricksResults.BadRequest(context, "instance_names must name at least one database instance.");
        }

        if (names.FirstOrDefault(n => data.DatabaseInstances.All(i => i.Name != n)) is { } unknown)
        {
            return UnknownInstance(context, unknown);
        }

        var (token, expiry) = await credentials.IssueAsync(context.Caller(), context.RequestAborted);
        return Results.Json(new DatabaseCredential(token, expiry.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture)));
    }

    private static IResult GetInstance(HttpContext context, string name, ReferenceData data, WarehouseDatabase database, WarehouseReadiness readiness, PrincipalDirectory principals)
    {
        if (data.DatabaseInstances.FirstOrDefault(i => i.Name == name) is not { } instance)
        {
            return UnknownInstance(context, name);
        }

        var creator = principals.All.FirstOrDefault(p => p.Groups.Contains("admins"))?.UserName ?? "admin";
        var created = DateTimeOffset.FromUnixTimeMilliseconds(data.Workspace.CreatedAt).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        return Results.Json(new DatabaseInstance(instance.Name, instance.Uid, "AVAILABLE", database.Host, readiness.PostgresVersion, instance.Capacity,
            1, false, creator, created, false, false, 7, instance.Capacity, false));
    }

    private static IResult UnknownInstance(HttpContext context, string name) =>
        DatabricksResults.NotFound(context, "RESOURCE_DOES_NOT_EXIST", $"Database instance '{name}' does not exist.");

    private static IReadOnlyCollection<string> DatabaseTargets(HttpContext context) => FaultFilterExtensions.RouteTargets(context);
}
