using Catalog.Service.Services.Query;
using Databricks.Client;

namespace Catalog.Service.Services;

/// <summary>What a route answers when the workspace says "not found" without naming what (a plain 404).</summary>
public sealed record NotFoundMeaning(string ErrorCode, string Detail);

/// <summary>
/// Turns what the workspace refused into the contract's problems (api-contract.md §3). The decision is made from the
/// HTTP status and <c>error_code</c> of the workspace's answer, or from a statement's error class, SQLSTATE and
/// <c>error_code</c>; never from message text.
/// </summary>
public sealed partial class WorkspaceErrorFilter(ILogger<WorkspaceErrorFilter> logger) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        try
        {
            return await next(context);
        }
        catch (DatabricksApiException exception)
        {
            LogWorkspaceRefused(logger, exception.StatusCode, exception.ErrorCode, exception.RequestId);
            return FromWorkspace(exception, context.HttpContext.GetEndpoint()!.Metadata.GetRequiredMetadata<NotFoundMeaning>()) ?? throw Rethrow(exception);
        }
        catch (StatementFailedException exception)
        {
            LogStatementFailed(logger, exception.StatementId, exception.Status.State, exception.ErrorClass, exception.Status.SqlState, exception.Status.Error?.ErrorCode);
            return FromStatement(exception) ?? throw Rethrow(exception);
        }
        catch (WarehouseUnavailableException exception)
        {
            LogWarehouseUnavailable(logger, exception.InnerException);
            return CatalogProblems.WarehouseUnavailable(exception.RetryAfter);
        }
        catch (QueryTimeoutException exception)
        {
            LogQueryTimeout(logger, exception.StatementId, exception.Budget);
            return CatalogProblems.QueryTimeout(exception.Budget);
        }
        catch (WarehouseNotConfiguredException exception)
        {
            LogWarehouseNotConfigured(logger, exception.Message);
            return CatalogProblems.WorkspaceNotConfigured("SQL warehouse");
        }
    }

    private static Exception Rethrow(Exception exception) => new InvalidOperationException("The workspace gave an answer this service does not expect.", exception);

    // "No workspace configured" never gets here: the identity middleware answers it before any route runs.
    private static IResult? FromWorkspace(DatabricksApiException exception, NotFoundMeaning notFound) =>
        exception.StatusCode switch
        {
            StatusCodes.Status400BadRequest => CatalogProblems.InvalidQuery("name", "the workspace refused this name"),
            StatusCodes.Status401Unauthorized => CatalogProblems.AuthInvalid(),
            StatusCodes.Status403Forbidden => CatalogProblems.PermissionDenied(),
            StatusCodes.Status404NotFound => exception.ErrorCode switch
            {
                "CATALOG_DOES_NOT_EXIST" => CatalogProblems.NotFound(CatalogErrorCodes.CatalogNotFound, "The catalog does not exist."),
                "SCHEMA_DOES_NOT_EXIST" => CatalogProblems.NotFound(CatalogErrorCodes.SchemaNotFound, "The schema does not exist."),
                "TABLE_DOES_NOT_EXIST" => CatalogProblems.NotFound(CatalogErrorCodes.TableNotFound, "The table does not exist."),
                _ => CatalogProblems.NotFound(notFound.ErrorCode, notFound.Detail),
            },
            StatusCodes.Status429TooManyRequests => CatalogProblems.RateLimited(exception.RetryAfter),
            null or >= 500 => CatalogProblems.WorkspaceUnavailable(exception.RetryAfter),
            _ => null,
        };

    /// <summary>api-contract.md §3 and databricks-rest-api.md §5.4: the error class decides, then SQLSTATE, then error_code.</summary>
    private static IResult? FromStatement(StatementFailedException exception)
    {
        var status = exception.Status;
        if (status.State != StatementStates.Failed)
        {
            // Cancelled or closed by the warehouse, not by us: worth trying again.
            return CatalogProblems.WarehouseUnavailable(null);
        }

        // Error classes, SQLSTATEs and error codes never share a spelling, so one table serves all three, in that order.
        var problem = new[] { exception.ErrorClass, status.SqlState, status.Error?.ErrorCode }
            .Select(key => ByCondition.GetValueOrDefault(key ?? ""))
            .FirstOrDefault(found => found is not null);
        return problem?.Invoke();
    }

    private static readonly Func<IResult> TableNotFound =
        () => CatalogProblems.NotFound(CatalogErrorCodes.TableNotFound, "The table does not exist.");

    private static readonly Func<IResult> ValueDoesNotFit =
        () => CatalogProblems.InvalidQuery("filters", "a filter value does not fit its column's type");

    private static readonly Func<IResult> WarehouseUnavailable = () => CatalogProblems.WarehouseUnavailable(null);

    private static readonly Dictionary<string, Func<IResult>> ByCondition = new(StringComparer.Ordinal)
    {
        // Spark error classes (the bracketed start of the message).
        ["INSUFFICIENT_PERMISSIONS"] = CatalogProblems.PermissionDenied,
        ["TABLE_OR_VIEW_NOT_FOUND"] = TableNotFound,
        ["SCHEMA_NOT_FOUND"] = () => CatalogProblems.NotFound(CatalogErrorCodes.SchemaNotFound, "The schema does not exist."),
        ["CATALOG_NOT_FOUND"] = () => CatalogProblems.NotFound(CatalogErrorCodes.CatalogNotFound, "The catalog does not exist."),
        ["CAST_INVALID_INPUT"] = ValueDoesNotFit,
        ["DATATYPE_MISMATCH"] = ValueDoesNotFit,
        ["INVALID_FORMAT"] = ValueDoesNotFit,
        ["UNRESOLVED_COLUMN"] = () => CatalogProblems.InvalidQuery("columns", "the table has no such column"),
        ["QUERY_EXECUTION_TIMEOUT_EXCEEDED"] = WarehouseUnavailable,

        // SQLSTATEs, for a failure without a known class.
        ["42501"] = CatalogProblems.PermissionDenied,
        ["42P01"] = TableNotFound,
        ["22018"] = ValueDoesNotFit,

        // The statement API's coarse error codes that mean "the warehouse, not the query".
        ["TEMPORARILY_UNAVAILABLE"] = WarehouseUnavailable,
        ["SERVICE_UNDER_MAINTENANCE"] = WarehouseUnavailable,
        ["WORKSPACE_TEMPORARILY_UNAVAILABLE"] = WarehouseUnavailable,
        ["RESOURCE_EXHAUSTED"] = WarehouseUnavailable,
        ["DEADLINE_EXCEEDED"] = WarehouseUnavailable,
        ["ABORTED"] = WarehouseUnavailable,
        ["IO_ERROR"] = WarehouseUnavailable,
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "The workspace refused a call: status {Status}, error code {ErrorCode}, request {RequestId}")]
    private static partial void LogWorkspaceRefused(ILogger logger, int? status, string errorCode, string? requestId);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Statement {StatementId} ended {State}: error class {ErrorClass}, SQLSTATE {SqlState}, error code {ErrorCode}")]
    private static partial void LogStatementFailed(ILogger logger, string statementId, string state, string? errorClass, string? sqlState, string? errorCode);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The SQL warehouse is unavailable after the client's retries")]
    private static partial void LogWarehouseUnavailable(ILogger logger, Exception? exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Statement {StatementId} outlived the query budget of {Budget} and was cancelled")]
    private static partial void LogQueryTimeout(ILogger logger, string statementId, TimeSpan budget);

    [LoggerMessage(Level = LogLevel.Error, Message = "Queries cannot run: {Reason}")]
    private static partial void LogWarehouseNotConfigured(ILogger logger, string reason);
}
