using System.Globalization;
using System.Text.RegularExpressions;
using MockDatabricks.Infrastructure;
using MockDatabricks.Middleware;
using MockDatabricks.Model;
using MockDatabricks.Services;
using MockDatabricks.Services.Sql;
using MockDatabricks.Services.Statements;

namespace MockDatabricks.Apis;

/// <summary>The SQL Statement Execution API.</summary>
public static partial class StatementsApi
{
    public static IEndpointRouteBuilder MapStatementsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/2.0/sql");
        // Submit applies its own faults, targeted by the tables the statement reads.
        api.MapPost("/statements", SubmitAsync);
        api.MapGet("/statements/{statement_id}", Get).WithFaults(Areas.Sql);
        api.MapGet("/statements/{statement_id}/result/chunks/{chunk_index:int}", GetChunk).WithFaults(Areas.Sql);
        api.MapPost("/statements/{statement_id}/cancel", Cancel).WithFaults(Areas.Sql);
        api.MapGet("/warehouses", (WarehouseCatalog warehouses) => Results.Json(new { warehouses = warehouses.All })).WithFaults(Areas.Sql);
        api.MapGet("/warehouses/{id}", (HttpContext context, string id, WarehouseCatalog warehouses) =>
            warehouses.Find(id) is { } warehouse ? Results.Json(warehouse) : UnknownWarehouse(context, id)).WithFaults(Areas.Sql);
        return app;
    }

    private static async Task<IResult> SubmitAsync(HttpContext context, ExecuteStatementRequest request, WarehouseCatalog warehouses,
        StatementService statements, StatementResponses responses, FaultInjector faults, IConfiguration configuration)
    {
        if (Validate(context, request, warehouses, out var wait) is { } invalid)
        {
            return invalid;
        }

        var caller = context.Caller();
        TranslatedStatement? translated = null;
        SqlFailure? failure = null;
        try
        {
            translated = SqlTranslator.Translate(request.Statement!, request.Parameters ?? [],
                request.Catalog ?? configuration["Mock:DefaultCatalog"] ?? "main", request.Schema ?? "default");
        }
        catch (SqlFailure translationFailure)
        {
            failure = translationFailure;
        }

        var fault = faults.Take(Areas.Sql, translated?.Tables.SelectMany(t => new[] { t.FullName, t.Table }).ToList() ?? [], caller.UserName);
        // A fault with a status answers the request; a delay-only fault slows the statement itself down instead,
        // so that a client can see it RUNNING.
        if (fault is { IsDelayOnly: false } && await FaultFilter.ApplyAsync(fault, context) is { } injected)
        {
            return injected;
        }

        var record = statements.Start(caller, translated, failure, request.RowLimit, fault?.DelayMs ?? 0);
        await statements.WaitAsync(record, wait, string.Equals(request.OnWaitTimeout, "CANCEL", StringComparison.OrdinalIgnoreCase), context.RequestAborted);
        return Results.Json(responses.Describe(record));
    }

    private static IResult Get(HttpContext context, string statement_id, StatementService statements, StatementResponses responses)
    {
        if (statements.Find(statement_id, context.Caller()) is not { } record)
        {
            return UnknownStatement(context, statement_id);
        }

        record.Advance();
        return Results.Json(responses.Describe(record));
    }

    private static IResult GetChunk(HttpContext context, string statement_id, int chunk_index, StatementService statements, StatementResponses responses)
    {
        if (statements.Find(statement_id, context.Caller()) is not { } record)
        {
            return UnknownStatement(context, statement_id);
        }

        if (record.VisibleOutcome is not StatementSucceeded succeeded)
        {
            return DatabricksResults.Error(context, 400, "INVALID_STATE", $"Statement '{statement_id}' has no result to fetch.");
        }

        return chunk_index >= 0 && chunk_index < responses.ChunkCount(succeeded.Result)
            ? Results.Json(responses.Chunk(record.Id, succeeded.Result, chunk_index))
            : DatabricksResults.BadRequest(context, $"Chunk index {chunk_index} is out of range.");
    }

    private static IResult Cancel(HttpContext context, string statement_id, StatementService statements)
    {
        if (statements.Find(statement_id, context.Caller()) is not { } record)
        {
            return UnknownStatement(context, statement_id);
        }

        statements.Cancel(record);
        return Results.Json(new { });
    }

    private static IResult? Validate(HttpContext context, ExecuteStatementRequest request, WarehouseCatalog warehouses, out TimeSpan wait)
    {
        wait = TimeSpan.FromSeconds(10);
        if (string.IsNullOrWhiteSpace(request.Statement))
        {
            return DatabricksResults.BadRequest(context, "statement is required.");
        }

        if (string.IsNullOrWhiteSpace(request.WarehouseId))
        {
            return DatabricksResults.BadRequest(context, "warehouse_id is required.");
        }

        if (warehouses.Find(request.WarehouseId) is null)
        {
            return UnknownWarehouse(context, request.WarehouseId);
        }

        if (request.WaitTimeout is { } timeout)
        {
            var match = WaitTimeoutPattern().Match(timeout);
            var seconds = match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : -1;
            if (seconds != 0 && seconds is < 5 or > 50)
            {
                return DatabricksResults.BadRequest(context, $"wait_timeout must be 0s or between 5s and 50s; got '{timeout}'.");
            }

            wait = TimeSpan.FromSeconds(seconds);
        }

        if (request.OnWaitTimeout is { } onTimeout && onTimeout is not ("CONTINUE" or "CANCEL"))
        {
            return DatabricksResults.BadRequest(context, $"on_wait_timeout must be CONTINUE or CANCEL; got '{onTimeout}'.");
        }

        if (request.Disposition is { } disposition && disposition != "INLINE")
        {
            return disposition == "EXTERNAL_LINKS"
                ? DatabricksResults.Error(context, 501, "NOT_IMPLEMENTED", "The mock warehouse returns INLINE results only.")
                : DatabricksResults.BadRequest(context, $"Unknown disposition '{disposition}'.");
        }

        if (request.Format is { } format && format != "JSON_ARRAY")
        {
            return DatabricksResults.BadRequest(context, $"The format {format} is not supported with the INLINE disposition.");
        }

        return request.RowLimit < 0 ? DatabricksResults.BadRequest(context, "row_limit must not be negative.") : null;
    }

    // The real API's answer for an unknown warehouse on submit is not documented (verify live); a 404 is the most likely.
    private static IResult UnknownWarehouse(HttpContext context, string id) =>
        DatabricksResults.NotFound(context, "RESOURCE_DOES_NOT_EXIST", $"SQL warehouse '{id}' does not exist.");

    private static IResult UnknownStatement(HttpContext context, string id) =>
        DatabricksResults.NotFound(context, "RESOURCE_DOES_NOT_EXIST", $"Statement '{id}' does not exist.");

    [GeneratedRegex("^([0-9]{1,3})s$")]
    private static partial Regex WaitTimeoutPattern();
}
