using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace ServiceDefaults.Problems;

public static class ApiProblemsExtensions
{
    private const string DeveloperExceptionPageCategory = "Microsoft.AspNetCore.Diagnostics.DeveloperExceptionPageMiddleware";

    public static IServiceCollection AddApiProblems(this IServiceCollection services)
    {
        // Registered before AddProblemDetails so that it comes ahead of the framework's writer.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProblemDetailsWriter, ProblemJsonWriter>());
        services.AddProblemDetails();

        // PostConfigure runs after any customization a service adds, so no problem goes out without our members.
        services.PostConfigure<ProblemDetailsOptions>(options =>
        {
            var customize = options.CustomizeProblemDetails;
            options.CustomizeProblemDetails = context =>
            {
                customize?.Invoke(context);
                ProblemEnricher.Enrich(context);
            };
        });

        // In every environment, not only Development: binding failures then reach the exception handler as
        // BadHttpRequestException, with a message that says what was wrong, instead of an empty 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);

        services.TryAddSingleton<ExceptionProblemResponder>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IDeveloperPageExceptionFilter, DeveloperExceptionPageProblemFilter>());

        // The developer page logs every exception as an error, a rejected request too; the responder already logs each
        // one at its proper level and with the correlation id.
        services.Configure<LoggerFilterOptions>(options => options.AddFilter(DeveloperExceptionPageCategory, LogLevel.None));
        return services;
    }

    public static IApplicationBuilder UseApiProblems(this IApplicationBuilder app)
    {
        app.UseExceptionHandler(new ExceptionHandlerOptions
        {
            ExceptionHandler = ExceptionProblemResponder.HandleAsync,
            // The responder logs every exception it answers, with the correlation id; a service's IExceptionHandler logs its own.
            SuppressDiagnosticsCallback = static _ => true,
        });

        // Errors with an empty body, such as routing's 404 and 405 or a handler's bare NotFound(), become problems too.
        app.UseStatusCodePages();
        return app;
    }
}
