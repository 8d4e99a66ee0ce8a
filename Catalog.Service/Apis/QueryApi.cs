using System.Text.Json;
using Catalog.Service.Model;
using Catalog.Service.Services;
using Catalog.Service.Services.Defaults;
using Catalog.Service.Services.Query;
using Databricks.Client;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using ServiceDefaults.Problems;

namespace Catalog.Service.Apis;

/// <summary><c>GET /query</c> and <c>POST /query</c>: one page of a table, as the caller may read it.</summary>
public static class QueryApi
{
    public static RouteGroupBuilder MapQueryApi(this RouteGroupBuilder group)
    {
        var notFound = new NotFoundMeaning(CatalogErrorCodes.TableNotFound, "The table does not exist.");
        group.MapGet("/query", QueryAsync).WithMetadata(notFound);
        group.MapPost("/query", QueryBodyAsync).WithMetadata(notFound).WithRequestBodyLimit(UnityCatalogApi.MaxBodyBytes);
        return group;
    }

    public static Task<Results<Ok<QueryResult>, ProblemHttpResult>> QueryAsync(
        CurrentUser user,
        CallerDefaultsProvider defaults,
        TableQueryService queries,
        string? catalog,
        string? schema,
        string? table,
        string? columns,
        [FromQuery(Name = "order_by")] string? orderBy,
        string? limit,
        string? offset,
        CancellationToken cancellationToken)
    {
        var request = new QueryRequest(catalog, schema, table, SplitList(columns), null, SplitList(orderBy)?.Select(ParseOrder).ToList(), null, null);
        return RunAsync(user, defaults, queries, request, limit, offset, cancellationToken);
    }

    public static Task<Results<Ok<QueryResult>, ProblemHttpResult>> QueryBodyAsync(
        CurrentUser user, CallerDefaultsProvider defaults, TableQueryService queries, QueryRequest request, CancellationToken cancellationToken) =>
        RunAsync(user, defaults, queries, request, Text(request.Limit), Text(request.Offset), cancellationToken);

    private static async Task<Results<Ok<QueryResult>, ProblemHttpResult>> RunAsync(
        CurrentUser user, CallerDefaultsProvider defaultsProvider, TableQueryService queries, QueryRequest request, string? limit, string? offset,
        CancellationToken cancellationToken)
    {
        var defaults = await defaultsProvider.GetAsync(
            user,
            coordinates: string.IsNullOrEmpty(request.Catalog) || string.IsNullOrEmpty(request.Schema),
            pageSize: string.IsNullOrEmpty(limit),
            cancellationToken);
        var (query, errors) = TableQueryValidator.Validate(request, limit, offset, defaults);
        return errors is not null
            ? CatalogProblems.InvalidQuery(errors)
            : await queries.RunAsync(user, query!, cancellationToken);
    }

    /// <summary><c>a,b</c> as a list; an empty entry stays, so that the validator can refuse it.</summary>
    private static List<string?>? SplitList(string? text) =>
        text is null ? null : [.. text.Split(',').Select(part => (string?)part.Trim())];

    /// <summary><c>column</c> or <c>column:asc</c> / <c>column:desc</c>.</summary>
    private static QueryOrder? ParseOrder(string? term)
    {
        if (string.IsNullOrEmpty(term))
        {
            return null;
        }

        var colon = term.LastIndexOf(':');
        return colon < 0 ? new QueryOrder(term, null) : new QueryOrder(term[..colon], term[(colon + 1)..]);
    }

    /// <summary>A number's text as the query string would carry it; any other JSON value (a string too) fails the range check.</summary>
    private static string? Text(JsonElement? value) =>
        value is not { ValueKind: not (JsonValueKind.Null or JsonValueKind.Undefined) } present ? null : present.GetRawText();
}
