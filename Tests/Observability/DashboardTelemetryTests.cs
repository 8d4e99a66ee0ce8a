using System.Net;
using Tests.Support;
using Xunit.Abstractions;

namespace Tests.Observability;

/// <summary>
/// The OpenTelemetry data the services send to the Aspire dashboard, read back through its telemetry API: a request's
/// server span with its route and status, its log records in the same trace, and no caller token anywhere.
/// Each request carries a trace the test chose (<see cref="TestTrace"/>), so the class runs beside the others.
/// </summary>
public sealed class DashboardTelemetryTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    /// <summary>ASP.NET Core's route template of <c>MapGroup("/api/lakebase/preferences").MapGet("/")</c>.</summary>
    private const string ListRoute = "/api/lakebase/preferences/";

    [Fact]
    public async Task A_request_is_a_server_span_with_its_route_and_status_and_its_logs_share_the_trace()
    {
        using var timeout = new CancellationTokenSource(Deadline);
        using var user = await PreferencesClient.NewUserAsync(Topology);

        var (traceId, spans) = await ListInNewTraceAsync(user, HttpStatusCode.OK, timeout.Token);

        var server = spans.Single(s => s.TraceId == traceId && s.IsServer);
        server.Service.Should().Be(Resources.LakebaseApi);
        server.Attributes.Should().Contain("http.route", ListRoute);
        server.Attributes.Should().Contain("http.response.status_code", "200");
        server.Attributes.Should().Contain("http.request.method", "GET");
        server.ParentSpanId.Should().NotBeEmpty("the span continues the caller's trace");

        var logs = await Topology.Telemetry.WaitForLogsAsync(Resources.LakebaseApi, traceId,
            all => all.Any(l => l.TraceId == traceId), timeout.Token);
        var inTrace = await Topology.Telemetry.LogsAsync(traceId: traceId, cancellationToken: timeout.Token);
        inTrace.Should().NotBeEmpty().And.AllSatisfy(l => l.TraceId.Should().Be(traceId));
        inTrace.Should().Contain(l => l.Service == Resources.LakebaseApi);
        logs.Where(l => l.TraceId == traceId).Should().OnlyContain(l => l.SpanId.Length > 0, "records written inside the request carry its span");
    }

    [Fact]
    public async Task Every_service_s_metrics_reach_the_dashboard()
    {
        using var timeout = new CancellationTokenSource(Deadline);
        string[] services = [Resources.LakebaseApi, Resources.CatalogApi, Resources.ModelServingApi, Resources.Databricks];

        // The dashboard's telemetry API serves no metric data points, only which kinds of telemetry each resource sent;
        // the instruments themselves are proven in process (ServiceDefaults/OpenTelemetryTests).
        var resources = await Topology.Telemetry.WaitForResourcesAsync(
            all => services.All(service => all.Any(r => r.Name == service && r.HasMetrics)), timeout.Token);

        resources.Where(r => r.HasMetrics).Select(r => r.Name).Should().Contain(services);
    }

    [Fact]
    public async Task No_caller_token_reaches_the_dashboard_neither_a_valid_nor_an_invalid_one()
    {
        using var timeout = new CancellationTokenSource(Deadline);
        using var user = await PreferencesClient.NewUserAsync(Topology);
        await ListInNewTraceAsync(user, HttpStatusCode.OK, timeout.Token);
        var madeUpToken = $"dapi-made-up-{Guid.NewGuid():N}";
        using var stranger = PreferencesClient.For(Topology, "nobody@example.com", madeUpToken);
        var (invalidTrace, _) = await ListInNewTraceAsync(stranger, HttpStatusCode.Unauthorized, timeout.Token);

        // Both requests are in the dashboard (spans, and the rejection's log records) before it is searched.
        await Topology.Telemetry.WaitForLogsAsync(Resources.LakebaseApi, invalidTrace, all => all.Any(l => l.TraceId == invalidTrace), timeout.Token);

        var spans = await Topology.Telemetry.SpansAsync(cancellationToken: timeout.Token);
        var logs = await Topology.Telemetry.LogsAsync(cancellationToken: timeout.Token);
        spans.Should().NotBeEmpty();
        logs.Should().NotBeEmpty();
        foreach (var token in new[] { user.Token, madeUpToken })
        {
            spans.Should().NotContain(s => s.Name.Contains(token, StringComparison.Ordinal)
                || s.Attributes.Any(a => a.Value.Contains(token, StringComparison.Ordinal)));
            logs.Should().NotContain(l => l.Body.Contains(token, StringComparison.Ordinal)
                || l.Attributes.Any(a => a.Value.Contains(token, StringComparison.Ordinal)));
        }
    }

    /// <summary>
    /// Lists the caller's preferences in a trace the test chose, checks the answer's status, and waits until the
    /// request's server span is in the dashboard.
    /// </summary>
    private async Task<(string TraceId, IReadOnlyList<TelemetrySpan> Spans)> ListInNewTraceAsync(
        PreferencesClient caller, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        using var trace = TestTrace.Start();
        var traceId = trace.TraceId;
        using var request = trace.Request(HttpMethod.Get, PreferencesClient.ListUri());
        using (var response = await caller.Http.SendAsync(request, cancellationToken))
        {
            response.StatusCode.Should().Be(expected);
        }

        var spans = await Topology.Telemetry.WaitForSpansAsync(Resources.LakebaseApi, traceId,
            all => all.Any(s => s.TraceId == traceId && s.IsServer), cancellationToken);
        return (traceId, spans);
    }
}
