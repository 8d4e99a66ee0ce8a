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
    /// The runtime settings a CPU profile of a service needs reach the services when the benchmark runs with them (DCP
    /// gives a resource only the environment its model names): <c>DOTNET_PerfMapEnabled=1</c> writes the JIT-compiled
    /// frames to <c>/tmp/perf-&lt;pid&gt;.map</c>; <c>DOTNET_EnableWriteXorExecute=0</c> keeps that code out of the
    /// double-mapped memory perf cannot match to the map; <c>DOTNET_ReadyToRun=0</c> JIT-compiles the framework too, so
    /// that its frames are named as well. Then <c>perf record -g -p &lt;pid&gt;</c> names every managed frame.
    /// </summary>
    private static readonly string[] ProfilingSettings = ["DOTNET_PerfMapEnabled", "DOTNET_EnableWriteXorExecute", "DOTNET_ReadyToRun"];

    private static void PassOnProfilingSettings(IDistributedApplicationTestingBuilder builder)
    {
        foreach (var setting in ProfilingSettings)
        {
            if (Environment.GetEnvironmentVariable(setting) is { Length: > 0 } value)
            {
                foreach (var project in builder.Resources.OfType<ProjectResource>())
                {
                    builder.CreateResourceBuilder(project).WithEnvironment(setting, value);
                }
            }
        }
    }

    public static async Task<DistributedApplication> StartAsync(CancellationToken cancellationToken)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>([], cancellationToken);
        ExportNoTelemetry(builder);
        PassOnProfilingSettings(builder);
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
