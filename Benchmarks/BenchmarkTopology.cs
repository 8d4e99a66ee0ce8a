using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Benchmarks;

/// <summary>
/// The AppHost's topology (<c>DistributedApplicationTestingBuilder.CreateAsync&lt;Projects.AppHost&gt;</c>) started
/// in-process, every resource healthy, for the benchmarks that need it running. Only warnings and errors are logged,
/// so the benchmark's own table stays readable; disposing the app stops every resource.
/// </summary>
internal static class BenchmarkTopology
{
    /// <summary>
    /// The services record their spans, logs and metrics as always but export none. With no dashboard to receive them,
    /// Aspire's OTLP endpoint would be a port nobody listens on, and each service would spend its time retrying exports;
    /// with the dashboard, its ingestion would take the CPU the services are measured on. In a deployment the collector
    /// runs elsewhere. (A service exports only when OTEL_EXPORTER_OTLP_ENDPOINT is set.)
    /// </summary>
    private static void ExportNoTelemetry(IDistributedApplicationTestingBuilder builder)
    {
        foreach (var project in builder.Resources.OfType<ProjectResource>())
        {
            builder.CreateResourceBuilder(project).WithEnvironment(context => context.EnvironmentVariables.Remove("OTEL_EXPORTER_OTLP_ENDPOINT"));
        }
    }

    /// <summary>
    /// <c>DOTNET_PerfMapEnabled</c>, when the benchmark runs with it, reaches the services (DCP gives a resource only the
    /// environment its model names), so that <c>perf record -g -p &lt;pid&gt;</c> resolves their JIT-compiled frames.
    /// </summary>
    private static void PassOnPerfMap(IDistributedApplicationTestingBuilder builder)
    {
        if (Environment.GetEnvironmentVariable("DOTNET_PerfMapEnabled") is { Length: > 0 } perfMap)
        {
            foreach (var project in builder.Resources.OfType<ProjectResource>())
            {
                builder.CreateResourceBuilder(project).WithEnvironment("DOTNET_PerfMapEnabled", perfMap);
            }
        }
    }

    public static async Task<DistributedApplication> StartAsync(CancellationToken cancellationToken)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>([], cancellationToken);
        ExportNoTelemetry(builder);
        PassOnPerfMap(builder);
        builder.Services.AddLogging(logging => logging
            // Registered after the AppHost's appsettings.json rules, so it wins over their "Default": Information.
            .AddFilter(level => level >= LogLevel.Warning)
            // The resources' consoles (PostgreSQL logs everything to stderr) and the health checks that fail until
            // each resource is up: expected while starting, and a resource that never gets healthy fails the start.
            .AddFilter("AppHost.Resources", LogLevel.None)
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None));
        var app = await builder.BuildAsync(cancellationToken);
        try
        {
            await app.StartAsync(cancellationToken);
            await app.WaitForAllHealthyAsync(cancellationToken);
            return app;
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
    }
}
