using Catalog.Service.Services;

namespace Catalog.Service.Apis;

/// <summary><c>/api/unity-catalog</c> (api-contract.md §3): browsing and queries, always with the caller's own token.</summary>
public static class UnityCatalogApi
{
    public const string BasePath = "/api/unity-catalog";

    /// <summary>A query body is small; anything near this size is not one.</summary>
    public const long MaxBodyBytes = 256 * 1024;

    public static RouteGroupBuilder MapUnityCatalogApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(BasePath)
            .WithTags("Unity Catalog")
            .AddEndpointFilter<WorkspaceErrorFilter>()
            // Each route names what its plain 404 means; this is the fallback of those that do not.
            .WithMetadata(new NotFoundMeaning(CatalogErrorCodes.TableNotFound, "The table does not exist."))
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        group.MapBrowseApi();
        group.MapQueryApi();
        return group;
    }
}
