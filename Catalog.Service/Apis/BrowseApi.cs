using Catalog.Service.Model;
using Catalog.Service.Services;
using Catalog.Service.Services.Browse;
using Catalog.Service.Services.Defaults;
using Databricks.Client;
using Microsoft.AspNetCore.Http.HttpResults;
using ServiceDefaults.Paging;

namespace Catalog.Service.Apis;

/// <summary>Catalogs, schemas and tables the caller may see, each list in the standard envelope.</summary>
public static class BrowseApi
{
    private const int DefaultLimit = 100;

    public static RouteGroupBuilder MapBrowseApi(this RouteGroupBuilder group)
    {
        group.MapGet("/catalogs", ListCatalogsAsync);
        group.MapGet("/schemas", ListSchemasAsync)
            .WithMetadata(new NotFoundMeaning(CatalogErrorCodes.CatalogNotFound, "The catalog does not exist."));
        group.MapGet("/table-names", ListTableNamesAsync)
            .WithMetadata(new NotFoundMeaning(CatalogErrorCodes.SchemaNotFound, "The schema does not exist."));
        group.MapGet("/tables", ListTablesAsync)
            .WithMetadata(new NotFoundMeaning(CatalogErrorCodes.SchemaNotFound, "The schema does not exist."));
        group.MapGet("/tables/{catalog}/{schema}/{table}", GetTableAsync)
            .WithMetadata(new NotFoundMeaning(CatalogErrorCodes.TableNotFound, "The table does not exist."));
        return group;
    }

    public static async Task<Results<Ok<PagedResult<string>>, ProblemHttpResult>> ListCatalogsAsync(
        CurrentUser user, CatalogBrowser browser, string? limit, string? offset, CancellationToken cancellationToken)
    {
        var (page, errors) = PageRequest.Parse(limit, offset, DefaultLimit);
        if (errors is not null)
        {
            return CatalogProblems.InvalidQuery(errors);
        }

        return Page(await browser.CatalogNamesAsync(user.Token, cancellationToken), page);
    }

    public static async Task<Results<Ok<PagedResult<string>>, ProblemHttpResult>> ListSchemasAsync(
        CurrentUser user, CatalogBrowser browser, CallerDefaultsProvider defaults, string? catalog, string? limit, string? offset,
        CancellationToken cancellationToken)
    {
        var (scope, page, problem) = await ScopeAsync(user, defaults, catalog, null, needsSchema: false, limit, offset, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        return Page(await browser.SchemaNamesAsync(user.Token, scope!.Catalog, cancellationToken), page);
    }

    public static async Task<Results<Ok<PagedResult<string>>, ProblemHttpResult>> ListTableNamesAsync(
        CurrentUser user, CatalogBrowser browser, CallerDefaultsProvider defaults, string? catalog, string? schema, string? limit, string? offset,
        CancellationToken cancellationToken)
    {
        var (scope, page, problem) = await ScopeAsync(user, defaults, catalog, schema, needsSchema: true, limit, offset, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var tables = await browser.TablesAsync(user.Token, scope!.Catalog, scope.Schema!, cancellationToken);
        return Page(tables.Select(t => t.Name).ToList(), page);
    }

    public static async Task<Results<Ok<PagedResult<DataSource>>, ProblemHttpResult>> ListTablesAsync(
        CurrentUser user, CatalogBrowser browser, CallerDefaultsProvider defaults, string? catalog, string? schema, string? limit, string? offset,
        CancellationToken cancellationToken)
    {
        var (scope, page, problem) = await ScopeAsync(user, defaults, catalog, schema, needsSchema: true, limit, offset, cancellationToken);
        if (problem is not null)
        {
            return problem;
        }

        var tables = await browser.TablesAsync(user.Token, scope!.Catalog, scope.Schema!, cancellationToken);
        var items = tables.Skip(page.Offset).Take(page.Limit).Select(t => DataSourceMapper.ToDataSource(t, scope.Catalog, scope.Schema!)).ToList();
        return TypedResults.Ok(PagedResult<DataSource>.Create(items, tables.Count, page));
    }

    public static async Task<Results<Ok<DataSource>, ProblemHttpResult>> GetTableAsync(
        CurrentUser user, CatalogBrowser browser, string catalog, string schema, string table, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (field, name) in new[] { ("catalog", catalog), ("schema", schema), ("table", table) })
        {
            if (!Identifiers.IsValid(name))
            {
                errors[field] = [Identifiers.Rule];
            }
        }

        if (errors.Count > 0)
        {
            return CatalogProblems.InvalidQuery(errors);
        }

        return TypedResults.Ok(await browser.TableAsync(user.Token, new TableName(catalog, schema, table), cancellationToken));
    }

    private static Ok<PagedResult<string>> Page(List<string> names, PageRequest page) =>
        TypedResults.Ok(PagedResult<string>.Create(names.Skip(page.Offset).Take(page.Limit).ToList(), names.Count, page));

    private sealed record Scope(string Catalog, string? Schema);

    /// <summary>The catalog (and schema) to list, from the request, else the caller's preferences, else configuration.</summary>
    private static async Task<(Scope? Scope, PageRequest Page, ProblemHttpResult? Problem)> ScopeAsync(
        CurrentUser user, CallerDefaultsProvider defaultsProvider, string? catalog, string? schema, bool needsSchema, string? limit, string? offset,
        CancellationToken cancellationToken)
    {
        var (page, errors) = PageRequest.Parse(limit, offset, DefaultLimit);
        errors ??= [];
        if (string.IsNullOrEmpty(catalog) || (needsSchema && string.IsNullOrEmpty(schema)))
        {
            var defaults = await defaultsProvider.GetAsync(user, coordinates: true, pageSize: false, cancellationToken);
            (catalog, schema) = Coordinates.WithDefaults(catalog, schema, defaults);
        }

        Check("catalog", catalog, errors);
        if (needsSchema)
        {
            Check("schema", schema, errors);
        }

        return errors.Count > 0 ? (null, page, CatalogProblems.InvalidQuery(errors)) : (new Scope(catalog!, schema), page, null);
    }

    private static void Check(string field, string? name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(name))
        {
            errors[field] = ["is required"];
        }
        else if (!Identifiers.IsValid(name))
        {
            errors[field] = [Identifiers.Rule];
        }
    }
}
