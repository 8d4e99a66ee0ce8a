using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServiceDefaults.Correlation;
using ServiceDefaults.Lakebase;

namespace ServiceDefaults.Problems;

/// <summary>
/// Turns an exception nobody handled into a problem: a rejected request keeps its 4xx, an unreachable database is a
/// 503 to retry, and anything else is a 500 that says nothing about its cause. The cause goes to the log instead.
/// </summary>
internal sealed partial class ExceptionProblemResponder(ILogger<ExceptionProblemResponder> logger)
{
    /// <summary>The exception handler's last resort, after every registered <see cref="IExceptionHandler"/> declined.</summary>
    public static Task HandleAsync(HttpContext context)
    {
        var exception = context.Features.GetRequiredFeature<IExceptionHandlerFeature>().Error;
        return context.RequestServices.GetRequiredService<ExceptionProblemResponder>().RespondAsync(context, exception);
    }

    public Task RespondAsync(HttpContext context, Exception exception) => ToProblem(context, exception).ExecuteAsync(context);

    private ProblemHttpResult ToProblem(HttpContext context, Exception exception)
    {
        var correlationId = context.GetCorrelationId();

        if (exception is BadHttpRequestException badRequest)
        {
            LogRejectedRequest(logger, badRequest.StatusCode, correlationId, badRequest);
            return ApiProblem.Create(badRequest.StatusCode, ErrorCodes.ForStatus(badRequest.StatusCode), Describe(badRequest));
        }

        if (IsOrWraps<LakebaseNotConfiguredException>(exception))
        {
            LogLakebaseNotConfigured(logger, context.Request.Method, context.Request.Path, correlationId);
            return ApiProblem.LakebaseNotConfigured();
        }

        if (DatabaseErrors.IsUnavailable(exception))
        {
            LogDatabaseUnavailable(logger, context.Request.Method, context.Request.Path, correlationId, exception);
            // Idle pooled connections died with the server; without this, each one would fail a request after it returns.
            // The service's Lakebase pool is a data source's, which ClearAllPools does not reach (the mock's pools it does).
            context.RequestServices.GetService<LakebaseDataSource>()?.Clear();
            Npgsql.NpgsqlConnection.ClearAllPools();
            return ApiProblem.DatabaseUnavailable();
        }

        LogUnexpectedException(logger, context.Request.Method, context.Request.Path, correlationId, exception);
        return ApiProblem.Create(
            StatusCodes.Status500InternalServerError,
            ErrorCodes.InternalError,
            "An unexpected error occurred. Quote the correlation id when you report this problem.");
    }

    private static bool IsOrWraps<TException>(Exception exception) where TException : Exception
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is TException)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Kestrel's and minimal APIs' messages are written for the client, except that a JSON failure names .NET types;
    /// for those only the position is kept.
    /// </summary>
    private static string Describe(BadHttpRequestException badRequest)
    {
        if (badRequest.InnerException is not JsonException json)
        {
            return badRequest.Message;
        }

        var detail = new StringBuilder("The request body is not the JSON this endpoint expects");
        if (!string.IsNullOrEmpty(json.Path))
        {
            detail.Append(" at '").Append(json.Path).Append('\'');
        }

        if (json.LineNumber is { } line && json.BytePositionInLine is { } position)
        {
            // JsonException counts from zero; people count from one.
            detail.Append(" (line ").Append(line + 1).Append(", byte ").Append(position + 1).Append(')');
        }

        return detail.Append('.').ToString();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Rejected a request with status {StatusCode} (correlation id {CorrelationId})")]
    private static partial void LogRejectedRequest(ILogger logger, int statusCode, string correlationId, Exception exception);

    [LoggerMessage(Level = LogLevel.Warning,
        Message = "{Method} {Path} needs the Lakebase database, which is not configured (correlation id {CorrelationId})")]
    private static partial void LogLakebaseNotConfigured(ILogger logger, string method, string path, string correlationId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} failed because the database is unavailable (correlation id {CorrelationId})")]
    private static partial void LogDatabaseUnavailable(ILogger logger, string method, string path, string correlationId, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed with an unexpected exception (correlation id {CorrelationId})")]
    private static partial void LogUnexpectedException(ILogger logger, string method, string path, string correlationId, Exception exception);
}
