using MockDatabricks.Infrastructure;
using MockDatabricks.Middleware;
using MockDatabricks.Model;
using MockDatabricks.Services;

namespace MockDatabricks.Apis;

/// <summary>Unity Catalog lists and gets, filtered by the caller's privileges.</summary>
public static class UnityCatalogApi
{
    public static IEndpointRouteBuilder MapUnityCatalogApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/2.1/unity-catalog").WithFaults(Areas.UnityCatalog, UnityCatalogTargets);
        api.MapGet("/catalogs", ListCatalogs);
        api.MapGet("/catalogs/{name}", GetCatalog);
        api.MapGet("/schemas", ListSchemas);
        api.MapGet("/schemas/{full_name}", GetSchema);
        api.MapGet("/tables", ListTables);
        api.MapGet("/tables/{full_name}", GetTable);
        return app;
    }

    private static IResult ListCatalogs(HttpContext context, WorkspaceCatalog catalog, PrivilegeModel privileges, UnityCatalogMapper mapper,
        int? max_results, string? page_token)
    {
        var user = context.Caller().UserName;
        var page = Paging.Slice(catalog.Catalogs, c => privileges.CanUseCatalog(user, c.Name), max_results, page_token, "catalogs");
        return page is null
            ? InvalidPaging(context)
            : Results.Json(new CatalogList(page.Items.Select(mapper.ToInfo).ToList(), page.NextPageToken));
    }

    private static IResult GetCatalog(HttpContext context, string name, WorkspaceCatalog catalog, PrivilegeModel privileges, UnityCatalogMapper mapper) =>
        CheckCatalog(context, catalog, privileges, name, out var node) ?? Results.Json(mapper.ToInfo(node!));

    private static IResult ListSchemas(HttpContext context, WorkspaceCatalog catalog, PrivilegeModel privileges, UnityCatalogMapper mapper,
        string? catalog_name, int? max_results, string? page_token)
    {
        if (string.IsNullOrEmpty(catalog_name))
        {
            return DatabricksResults.BadRequest(context, "Missing required field: catalog_name");
        }

        if (CheckCatalog(context, catalog, privileges, catalog_name, out var node) is { } refused)
        {
            return refused;
        }

        var user = context.Caller().UserName;
        var page = Paging.Slice(node!.Schemas, s => privileges.CanUseSchema(user, s.CatalogName, s.Name), max_results, page_token, $"schemas/{node.Name}");
        return page is null
            ? InvalidPaging(context)
            : Results.Json(new SchemaList(page.Items.Select(mapper.ToInfo).ToList(), page.NextPageToken));
    }

    private static IResult GetSchema(HttpContext context, string full_name, WorkspaceCatalog catalog, PrivilegeModel privileges, UnityCatalogMapper mapper)
    {
        if (full_name.Split('.') is not [var catalogName, var schemaName])
        {
            return DatabricksResults.BadRequest(context, $"Invalid schema full name '{full_name}'.");
        }

        return CheckSchema(context, catalog, privileges, catalogName, schemaName, out var node) ?? Results.Json(mapper.ToInfo(node!));
    }

    private static IResult ListTables(HttpContext context, WorkspaceCatalog catalog, PrivilegeModel privileges, UnityCatalogMapper mapper,
        string? catalog_name, string? schema_name, int? max_results, string? page_token)
    {
        if (string.IsNullOrEmpty(catalog_name) || string.IsNullOrEmpty(schema_name))
        {
            return DatabricksResults.BadRequest(context, $"Missing required field: {(string.IsNullOrEmpty(catalog_name) ? "catalog_name" : "schema_name")}");
        }

        if (CheckSchema(context, catalog, privileges, catalog_name, schema_name, out var node) is { } refused)
        {
            return refused;
        }

        var user = context.Caller().UserName;
        var page = Paging.Slice(node!.Tables, t => privileges.HasSelect(user, t.CatalogName, t.SchemaName, t.Name), max_results, page_token,
            $"tables/{node.FullName}");
        return page is null
            ? InvalidPaging(context)
            : Results.Json(new TableList(page.Items.Select(mapper.ToInfo).ToList(), page.NextPageToken));
    }

    private static IResult GetTable(HttpContext context, string full_name, WorkspaceCatalog catalog, PrivilegeModel privileges, UnityCatalogMapper mapper)
    {
        if (full_name.Split('.') is not [var catalogName, var schemaName, var tableName])
        {
            return DatabricksResults.BadRequest(context, $"Invalid table full name '{full_name}'.");
        }

        if (CheckSchema(context, catalog, privileges, catalogName, schemaName, out var schema) is { } refused)
        {
            return refused;
        }

        var table = catalog.FindTable(schema!.CatalogName, schema.Name, tableName);
        if (table is null)
        {
            return DatabricksResults.NotFound(context, "TABLE_DOES_NOT_EXIST", $"Table '{full_name}' does not exist.");
        }

        return privileges.HasSelect(context.Caller().UserName, table.CatalogName, table.SchemaName, table.Name)
            ? Results.Json(mapper.ToInfo(table))
            : DatabricksResults.UnityCatalogForbidden(context, $"User does not have SELECT on Table '{table.FullName}'.");
    }

    private static IResult? CheckCatalog(HttpContext context, WorkspaceCatalog catalog, PrivilegeModel privileges, string name, out CatalogNode? node)
    {
        node = catalog.FindCatalog(name);
        if (node is null)
        {
            return DatabricksResults.NotFound(context, "CATALOG_DOES_NOT_EXIST", $"Catalog '{name}' does not exist.");
        }

        return privileges.CanUseCatalog(context.Caller().UserName, node.Name)
            ? null
            : DatabricksResults.UnityCatalogForbidden(context, $"User does not have USE CATALOG on Catalog '{node.Name}'.");
    }

    private static IResult? CheckSchema(HttpContext context, WorkspaceCatalog catalog, PrivilegeModel privileges, string catalogName, string schemaName, out SchemaNode? node)
    {
        node = null;
        if (CheckCatalog(context, catalog, privileges, catalogName, out var catalogNode) is { } refused)
        {
            return refused;
        }

        node = catalog.FindSchema(catalogNode!.Name, schemaName);
        if (node is null)
        {
            return DatabricksResults.NotFound(context, "SCHEMA_DOES_NOT_EXIST", $"Schema '{catalogNode.Name}.{schemaName}' does not exist.");
        }

        return privileges.CanUseSchema(context.Caller().UserName, node.CatalogName, node.Name)
            ? null
            : DatabricksResults.UnityCatalogForbidden(context, $"User does not have USE SCHEMA on Schema '{node.FullName}'.");
    }

    private static IResult InvalidPaging(HttpContext context) =>
        DatabricksResults.BadRequest(context, "Invalid max_results or page_token.");

    private static IReadOnlyCollection<string> UnityCatalogTargets(HttpContext context)
    {
        var query = context.Request.Query;
        var targets = FaultFilterExtensions.RouteTargets(context).ToList();
        if (query["catalog_name"].ToString() is { Length: > 0 } catalogName)
        {
            targets.Add(catalogName);
            if (query["schema_name"].ToString() is { Length: > 0 } schemaName)
            {
                targets.Add($"{catalogName}.{schemaName}");
            }
        }

        return targets;
    }
}
