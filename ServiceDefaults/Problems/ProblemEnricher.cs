using System.Diagnostics;
using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServiceDefaults.Correlation;

namespace ServiceDefaults.Problems;

/// <summary>
/// Brings every problem up to the contract: <c>error_code</c>, <c>detail</c>, <c>correlation_id</c> and <c>trace_id</c>,
/// and a <c>Retry-After</c> header that matches <c>retry_after</c>; and logs it, with its status and code.
/// </summary>
internal static partial class ProblemEnricher
{
    public static void Enrich(ProblemDetailsContext context)
    {
        var httpContext = context.HttpContext;
        var problem = context.ProblemDetails;
        var statusCode = problem.Status ??= httpContext.Response.StatusCode;
        var extensions = problem.Extensions;

        problem.Detail ??= ProblemStatusDefaults.Detail(statusCode);
        extensions.TryAdd(ProblemFields.ErrorCode, ErrorCodes.ForStatus(statusCode));
        extensions[ProblemFields.CorrelationId] = httpContext.GetCorrelationId();

        // The trace id leads from an error report to its trace; ASP.NET Core's own member for it is not snake_case.
        extensions.Remove(ProblemFields.FrameworkTraceId);
        if (Activity.Current is { } activity)
        {
            extensions[ProblemFields.TraceId] = activity.TraceId.ToHexString();
        }

        if (extensions.TryGetValue(ProblemFields.RetryAfter, out var retryAfter) && retryAfter is int seconds)
        {
            httpContext.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        }

        // One record per error answer, so each one can be found by its code (the request's scope adds the correlation id).
        var logger = httpContext.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ProblemEnricher).FullName!);
        LogProblem(logger, statusCode >= StatusCodes.Status500InternalServerError ? LogLevel.Warning : LogLevel.Information,
            httpContext.Request.Method, httpContext.Request.Path, statusCode, (string?)extensions[ProblemFields.ErrorCode]);
    }

    [LoggerMessage(Message = "{Method} {Path} answered {StatusCode} {ErrorCode}")]
    private static partial void LogProblem(ILogger logger, LogLevel level, string method, string path, int statusCode, string? errorCode);
}
