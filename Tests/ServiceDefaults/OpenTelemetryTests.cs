using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Instrumentation.AspNetCore;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;

namespace Tests.ServiceDefaults;

public sealed class OpenTelemetryTests
{
    [Fact]
    public async Task Spans_of_the_application_and_npgsql_sources_are_recorded()
    {
        var spans = new CollectingProcessor();
        await using var host = await TestServiceHost.StartAsync(
            app => app.MapGet("/api/work", () =>
            {
                using var application = new ActivitySource(TestServiceHost.ApplicationName);
                using var npgsql = new ActivitySource("Npgsql");
                application.StartActivity("application-work")?.Stop();
                npgsql.StartActivity("npgsql-work")?.Stop();
                return "done";
            }),
            builder => builder.Services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddProcessor(spans)));

        using var response = await host.Client.GetAsync("/api/work");

        (await response.Content.ReadAsStringAsync()).Should().Be("done");
        spans.Names.Should().Contain(["application-work", "npgsql-work"]);
    }

    [Fact]
    public async Task Health_probes_are_not_traced()
    {
        await using var host = await TestServiceHost.StartAsync();
        var filter = host.Services.GetRequiredService<IOptionsMonitor<AspNetCoreTraceInstrumentationOptions>>().Get(Options.DefaultName).Filter;

        filter.Should().NotBeNull();
        filter!(RequestTo("/health")).Should().BeFalse();
        filter(RequestTo("/alive")).Should().BeFalse();
        filter(RequestTo("/HEALTH/details")).Should().BeFalse();
        filter(RequestTo("/healthy-pets")).Should().BeTrue();
        filter(RequestTo("/api/lakebase/preferences")).Should().BeTrue();
    }

    [Fact]
    public async Task Npgsql_metrics_are_collected()
    {
        var exporter = new CollectingMetricExporter();
        using var reader = new BaseExportingMetricReader(exporter);
        await using var host = await TestServiceHost.StartAsync(configure: builder =>
            builder.Services.ConfigureOpenTelemetryMeterProvider(metrics => metrics.AddReader(reader)));
        using var npgsql = new Meter("Npgsql");
        using var unrelated = new Meter("Tests.Unrelated");

        npgsql.CreateCounter<long>("npgsql.probe").Add(1);
        unrelated.CreateCounter<long>("unrelated.probe").Add(1);
        reader.Collect().Should().BeTrue();

        exporter.Names.Should().Contain("Npgsql/npgsql.probe").And.NotContain("Tests.Unrelated/unrelated.probe");
    }

    [Fact]
    public async Task Logs_go_to_opentelemetry_with_scopes_and_formatted_messages()
    {
        await using var host = await TestServiceHost.StartAsync();
        var options = host.Services.GetRequiredService<IOptionsMonitor<OpenTelemetryLoggerOptions>>().CurrentValue;

        host.Services.GetServices<ILoggerProvider>().Should().ContainSingle(provider => provider is OpenTelemetryLoggerProvider);
        options.IncludeScopes.Should().BeTrue();
        options.IncludeFormattedMessage.Should().BeTrue();
    }

    [Theory]
    [InlineData("http://127.0.0.1:4317", true)]
    [InlineData("", false)]
    [InlineData("   ", false)]
    public async Task The_otlp_exporter_is_used_only_when_an_endpoint_is_configured(string endpoint, bool exporterExpected)
    {
        IServiceCollection? services = null;
        await using var host = await TestServiceHost.StartAsync(
            configure: builder => services = builder.Services,
            settings: new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint });

        services!.Any(descriptor => descriptor.ServiceType == typeof(IOptionsFactory<OtlpExporterOptions>)).Should().Be(exporterExpected);
    }

    private static DefaultHttpContext RequestTo(string path) => new() { Request = { Path = path } };

    private sealed class CollectingMetricExporter : BaseExporter<Metric>
    {
        private readonly ConcurrentQueue<string> _names = new();

        public IReadOnlyCollection<string> Names => _names;

        public override ExportResult Export(in Batch<Metric> batch)
        {
            foreach (var metric in batch)
            {
                _names.Enqueue($"{metric.MeterName}/{metric.Name}");
            }

            return ExportResult.Success;
        }
    }

    private sealed class CollectingProcessor : BaseProcessor<Activity>
    {
        private readonly ConcurrentQueue<string> _names = new();

        public IReadOnlyCollection<string> Names => _names;

        public override void OnEnd(Activity data) => _names.Enqueue(data.DisplayName);
    }
}
