using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using ServiceDefaults;
using ServiceDefaults.Telemetry;

namespace Microsoft.Extensions.Hosting;

public static class OpenTelemetryExtensions
{
    /// <summary>The meter Npgsql publishes its connection-pool and command metrics on.</summary>
    private const string NpgsqlMeterName = "Npgsql";

    /// <summary>
    /// The most attribute combinations one metric stream keeps apart before it folds the rest into one overflow point
    /// (<c>otel.metric.overflow</c>). The SDK's default is 2,000, and it allocates every stream's points up front once an
    /// exporter reads them: with the few dozen instruments of ASP.NET Core, HttpClient, the runtime and Npgsql, that was
    /// about 10 MB of an idle lakebase-api's 147 MB. A service's busiest stream (request duration by route, method and
    /// status) has well under 200 combinations.
    /// </summary>
    public const int MetricStreamCardinalityLimit = 200;

    /// <summary>
    /// Logs, metrics and traces through OpenTelemetry, exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set
    /// (the orchestrator sets it; endpoint, protocol and headers come from the standard <c>OTEL_*</c> settings).
    /// </summary>
    public static TBuilder ConfigureOpenTelemetry<TBuilder>(this TBuilder builder) where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeFormattedMessage = true;
            logging.IncludeScopes = true;
        });

        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddRuntimeInstrumentation()
                .AddMeter(NpgsqlMeterName)
                .AddView(_ => new MetricStreamConfiguration { CardinalityLimit = MetricStreamCardinalityLimit }))
            .WithTracing(tracing => tracing
                .AddSource(builder.Environment.ApplicationName)
                .AddAspNetCoreInstrumentation(options => options.Filter = context => !HealthEndpoints.IsProbe(context.Request.Path))
                .AddHttpClientInstrumentation()
                .AddNpgsql());

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Services.AddOpenTelemetry().UseOtlpExporter();
            builder.Services.AddHostedService<TelemetryShutdown>();
        }

        return builder;
    }
}
