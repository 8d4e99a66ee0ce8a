using System.Net;
using Tests.ServiceDefaults;
using Tests.Support;
using Xunit.Abstractions;

namespace Tests.Observability;

/// <summary>
/// The trace a test chooses (<see cref="TestTrace"/>) is the trace the services record, even while a host in this test
/// process runs OpenTelemetry's HttpClient instrumentation, which rewrites the <c>traceparent</c> header of every
/// request the process sends from the current activity. The ServiceDefaults tests start such hosts beside the topology
/// tests; before the trace was also the current activity, a telemetry test that overlapped one waited for spans that
/// the services had recorded under another trace.
/// </summary>
public sealed class TestTraceTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    [Fact]
    public async Task A_chosen_trace_reaches_the_service_while_this_process_instruments_its_HttpClient_calls()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var instrumentedHost = await TestServiceHost.StartAsync();
        using var user = await PreferencesClient.NewUserAsync(Topology);

        using var trace = TestTrace.Start();
        using var request = trace.Request(HttpMethod.Get, PreferencesClient.ListUri());
        using (var response = await user.Http.SendAsync(request, timeout.Token))
        {
            response.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var spans = await Topology.Telemetry.WaitForSpansAsync(Resources.LakebaseApi, trace.TraceId, all => all.Any(s => s.IsServer), timeout.Token);
        spans.Should().Contain(s => s.IsServer && s.TraceId == trace.TraceId && s.Service == Resources.LakebaseApi);
    }
}
