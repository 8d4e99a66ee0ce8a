using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;

namespace UnitTests.ServiceDefaults;

public sealed class MetricCardinalityTests
{
    private const string MeterName = "UnitTests.Cardinality";

    [Fact]
    public void A_metric_stream_keeps_its_limit_of_attribute_sets_apart_and_folds_the_rest_into_one_overflow_point()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.ConfigureOpenTelemetry();
        var exported = new List<Metric>();
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics.AddMeter(MeterName).AddInMemoryExporter(exported));
        using var host = builder.Build();
        var provider = host.Services.GetRequiredService<MeterProvider>();

        using var meter = new Meter(MeterName);
        var requests = meter.CreateCounter<long>("requests");
        const int routes = OpenTelemetryExtensions.MetricStreamCardinalityLimit + 100;
        for (var route = 0; route < routes; route++)
        {
            requests.Add(1, new KeyValuePair<string, object?>("http.route", $"/r{route}"));
        }

        provider.ForceFlush();

        var points = new List<(bool Overflow, long Sum)>();
        foreach (var point in exported.Last(m => m.Name == "requests").GetMetricPoints())
        {
            var overflow = false;
            foreach (var tag in point.Tags)
            {
                overflow |= tag.Key == "otel.metric.overflow";
            }

            points.Add((overflow, point.GetSumLong()));
        }

        points.Count(p => !p.Overflow).Should().BeInRange(OpenTelemetryExtensions.MetricStreamCardinalityLimit - 1, OpenTelemetryExtensions.MetricStreamCardinalityLimit);
        points.Should().ContainSingle(p => p.Overflow);
        points.Sum(p => p.Sum).Should().Be(routes, "nothing recorded is lost, only told apart less finely");
    }
}
