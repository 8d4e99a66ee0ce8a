using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using ServiceDefaults.Correlation;
using ServiceDefaults.Problems;

namespace ServiceDefaults;

/// <summary>Puts correlation and error handling around the whole application pipeline.</summary>
internal sealed class ServiceDefaultsStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        // Outermost, so that its logging scope covers the error handlers and its header reaches every response.
        app.UseMiddleware<CorrelationIdMiddleware>();
        app.UseApiProblems();
        next(app);
    };
}
