using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace ServiceDefaults.Correlation;

/// <summary>Decides the correlation id, echoes it on the response, and puts it in the logging scope and on the span.</summary>
internal sealed class CorrelationIdMiddleware(RequestDelegate next, ILogger<CorrelationIdMiddleware> logger)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var correlationId = context.GetCorrelationId();

        // Set when the headers go out rather than now: error handlers clear the response headers before they write.
        context.Response.OnStarting(static state =>
        {
            var httpContext = (HttpContext)state;
            httpContext.Response.Headers[CorrelationId.HeaderName] = httpContext.GetCorrelationId();
            return Task.CompletedTask;
        }, context);

        Activity.Current?.SetTag(CorrelationId.ActivityTagName, correlationId);

        using (logger.BeginScope(new CorrelationLogScope(correlationId)))
        {
            await next(context);
        }
    }
}
