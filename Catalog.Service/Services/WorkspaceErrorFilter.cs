using Catalog.Service.Services.Query;
using Databricks.Client;
using ServiceDefaults.Problems;

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
            return FromWorkspace(exception, context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<NotFoundMeaning>()) ?? throw Rethrow(exception);
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

    private static IResult? FromWorkspace(DatabricksApiException exception, NotFoundMeaning? notFound)
    {
        if (exception.IsNotConfigured)
        {
            return CatalogProblems.WorkspaceNotConfigured("Databricks workspace");
        }

        return exception.StatusCode switch
        {
            StatusCodes.Status400BadRequest => CatalogProblems.InvalidQuery("name", "the workspace refused this name"),
            StatusCodes.Status401Unauthorized => CatalogProblems.AuthInvalid(),
            StatusCodes.Status403Forbidden => CatalogProblems.PermissionDenied(),
            StatusCodes.Status404NotFound => exception.ErrorCode switch
            {
                "CATALOG_DOES_NOT_EXIST" => CatalogProblems.NotFound(CatalogErrorCodes.CatalogNotFound, "The catalog does not exist."),
                "SCHEMA_DOES_NOT_EXIST" => CatalogProblems.NotFound(CatalogErrorCodes.SchemaNotFound, "The schema does not exist."),
                "TABLE_DOES_NOT_EXIST" => CatalogProblems.NotFound(CatalogErrorCodes.TableNotFound, "The table does not exist."),
                _ => CatalogProblems.NotFound(
                    notFound?.ErrorCode ?? CatalogErrorCodes.TableNotFound, notFound?.Detail ?? "The table does not exist."),
            },
            StatusCodes.Status429TooManyRequests => ApiProblem.Create(StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited,
                "The workspace is rate-limiting requests. Try again shortly.", retryAfterSeconds: RetrySeconds(exception.RetryAfter)),
            null or >= 500 => CatalogProblems.WorkspaceUnavailable(exception.RetryAfter),
            _ => null,
        };
    }

    /// <summary>api-contract.md §3 and databricks-rest-api.md §5.4: the error class decides, then SQLSTATE, then error_code.</summary>
    private static IResult? FromStatement(StatementFailedException exception)
    {
        var status = exception.Status;
        if (status.State != StatementStates.Failed)
        {
            // Cancelled or closed by the warehouse, not by us: worth trying again.
            return CatalogProblems.WarehouseUnavailable(null);
        }

        var problem = (exception.ErrorClass is { } errorClass ? ByErrorClass.GetValueOrDefault(errorClass) : null)
            ?? (status.SqlState is { } sqlState ? BySqlState.GetValueOrDefault(sqlState) : null)
            ?? (status.Error?.ErrorCode is { } errorCode ? ByErrorCode.GetValueOrDefault(errorCode) : null);
        return problem?.Invoke();
    }

    private static readonly Func<IResult> TableNotFound =
        () => CatalogProblems.NotFound(CatalogErrorCodes.TableNotFound, "The table does not exist.");

    private static readonly Func<IResult> ValueDoesNotFit =
        () => CatalogProblems.InvalidQuery("filters", "a filter value does not fit its column's type");

    private static readonly Func<IResult> WarehouseUnavailable = () => CatalogProblems.WarehouseUnavailable(null);

    private static readonly Dictionary<string, Func<IResult>> ByErrorClass = new(StringComparer.Ordinal)
    {
        ["INSUFFICIENT_PERMISSIONS"] = CatalogProblems.PermissionDenied,
        ["TABLE_OR_VIEW_NOT_FOUND"] = TableNotFound,
        ["SCHEMA_NOT_FOUND"] = () => CatalogProblems.NotFound(CatalogErrorCodes.SchemaNotFound, "The schema does not exist."),
        ["CATALOG_NOT_FOUND"] = () => CatalogProblems.NotFound(CatalogErrorCodes.CatalogNotFound, "The catalog does not exist."),
        ["CAST_INVALID_INPUT"] = ValueDoesNotFit,
        ["DATATYPE_MISMATCH"] = ValueDoesNotFit,
        ["INVALID_FORMAT"] = ValueDoesNotFit,
        ["UNRESOLVED_COLUMN"] = () => CatalogProblems.InvalidQuery("columns", "the table has no such column"),
        ["QUERY_EXECUTION_TIMEOUT_EXCEEDED"] = WarehouseUnavailable,
    };

    private static readonly Dictionary<string, Func<IResult>> BySqlState = new(StringComparer.Ordinal)
    {
        ["42501"] = CatalogProblems.PermissionDenied,
        ["42P01"] = TableNotFound,
        ["22018"] = ValueDoesNotFit,
    };

    private static readonly Dictionary<string, Func<IResult>> ByErrorCode = new(StringComparer.Ordinal)
    {
        ["TEMPORARILY_UNAVAILABLE"] = WarehouseUnavailable,
        ["SERVICE_UNDER_MAINTENANCE"] = WarehouseUnavailable,
        ["WORKSPACE_TEMPORARILY_UNAVAILABLE"] = WarehouseUnavailable,
        ["RESOURCE_EXHAUSTED"] = WarehouseUnavailable,
        ["DEADLINE_EXCEEDED"] = WarehouseUnavailable,
        ["ABORTED"] = WarehouseUnavailable,
        ["IO_ERROR"] = WarehouseUnavailable,
    };

    private static int RetrySeconds(TimeSpan? retryAfter) =>
        retryAfter is { TotalSeconds: >= 1 } wait ? (int)Math.Ceiling(wait.TotalSeconds) : CatalogProblems.RetryAfterSeconds;

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
