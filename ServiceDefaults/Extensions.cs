using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using ServiceDefaults;
using ServiceDefaults.Correlation;
using ServiceDefaults.Json;
using ServiceDefaults.Problems;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// The defaults every service shares: telemetry, health checks, service discovery, resilient HttpClients,
/// snake_case JSON, correlation ids and problem+json errors (api-contract.md §1 and §5).
/// </summary>
public static class Extensions
{
    public static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(4);

    public static TBuilder AddServiceDefaults<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);

        // The orchestrator (DCP) kills a service still running 6 s after its SIGTERM, and a killed service loses its
        // last telemetry and coverage: stopping work is cut short well before that.
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = ShutdownTimeout);

        builder.ConfigureOpenTelemetry();
        builder.AddDefaultHealthChecks();

        builder.Services.AddServiceDiscovery();
        builder.Services.AddCorrelationIds();
        builder.Services.ConfigureHttpClientDefaults(http =>
        {
            http.AddCorrelationIdPropagation();
            http.AddStandardResilienceHandler();
            http.AddServiceDiscovery();
        });

        builder.Services.ConfigureHttpJsonOptions(options => ApiJson.Configure(options.SerializerOptions));
        builder.Services.AddApiProblems();

        // A startup filter wraps the whole request pipeline, so correlation and error handling are in place
        // before routing and before any middleware a service adds, without a call in Program.cs.
        builder.Services.TryAddEnumerable(ServiceDescriptor.Transient<IStartupFilter, ServiceDefaultsStartupFilter>());

        return builder;
    }

    /// <summary>Maps <c>/health</c> (every check) and <c>/alive</c> (checks tagged "live"), in every environment and without authorization.</summary>
    public static WebApplication MapDefaultEndpoints(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);

        app.MapHealthChecks(HealthEndpoints.HealthPath).AllowAnonymous();
        app.MapHealthChecks(HealthEndpoints.AlivePath, new HealthCheckOptions
        {
            Predicate = registration => registration.Tags.Contains(HealthCheckTags.Live),
        }).AllowAnonymous();

        return app;
    }
}
