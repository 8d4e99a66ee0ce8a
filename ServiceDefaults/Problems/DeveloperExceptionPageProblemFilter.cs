using Microsoft.AspNetCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace ServiceDefaults.Problems;

/// <summary>
/// In Development, WebApplication puts the developer exception page inside our exception handler, and that page shows
/// stack traces. This filter answers in its place exactly as the exception handler would, so errors look the same in
/// every environment and never reveal internals.
/// </summary>
internal sealed class DeveloperExceptionPageProblemFilter(ExceptionProblemResponder responder) : IDeveloperPageExceptionFilter
{
    public async Task HandleExceptionAsync(ErrorContext errorContext, Func<ErrorContext, Task> next)
    {
        var context = errorContext.HttpContext;
        foreach (var handler in context.RequestServices.GetServices<IExceptionHandler>())
        {
            if (await handler.TryHandleAsync(context, errorContext.Exception, context.RequestAborted))
            {
                return;
            }
        }

        await responder.RespondAsync(context, errorContext.Exception);
    }
}
