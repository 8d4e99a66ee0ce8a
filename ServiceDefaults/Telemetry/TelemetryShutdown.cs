using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace ServiceDefaults.Telemetry;

/// <summary>
/// Flushes and shuts the telemetry providers down within a fixed budget once the host has stopped. Left to their
/// own disposal, each provider waits seconds for an OTLP collector that accepted the connection but no longer answers
/// (the Aspire dashboard stops at the same moment as the services), and the orchestrator kills a service that is
/// not gone 6 s after its SIGTERM.
/// </summary>
internal sealed class TelemetryShutdown(IServiceProvider services, IHostApplicationLifetime lifetime) : IHostedService
{
    private const int BudgetPerProviderMilliseconds = 100;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStopped.Register(() =>
        {
            services.GetService<TracerProvider>()?.Shutdown(BudgetPerProviderMilliseconds);
            services.GetService<LoggerProvider>()?.Shutdown(BudgetPerProviderMilliseconds);
            services.GetService<MeterProvider>()?.Shutdown(BudgetPerProviderMilliseconds);
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
