using System.Net;
using System.Net.Http.Json;
using Tests.Support;
using Xunit.Abstractions;

namespace Tests.Observability;

/// <summary>
/// FR-011 across the services, read back from the Aspire dashboard: one user request is one trace through every process
/// it touches, an inference is a structured log record in its trace, and every error answer is a log record that
/// carries its <c>error_code</c> and correlation id.
/// Each request carries a trace the test chose (<see cref="TestTrace"/>), so the class runs beside the others.
/// </summary>
public sealed class CrossServiceTelemetryTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);
    private const string InvocationRoute = "/serving-endpoints/{name}/invocations";

    [Fact]
    public async Task A_catalog_request_that_reads_preferences_is_one_trace_through_catalog_api_lakebase_api_and_the_workspace()
    {
        using var timeout = new CancellationTokenSource(Deadline);
        using var caller = await CatalogClient.NewUserAsync(Topology);
        using var testTrace = TestTrace.Start();
        var traceId = testTrace.TraceId;
        using var request = testTrace.Request(HttpMethod.Get, CatalogClient.Route("tables"));

        using (var response = await caller.Http.SendAsync(request, timeout.Token))
        {
            response.StatusCode.Should().Be(HttpStatusCode.OK, "no catalog or schema given: the caller's preferences are read");
        }

        // Each process exports on its own schedule: wait until the spans asserted below are in (the dashboard is asked for
        // this trace's spans only). Any server span of the workspace is not enough: its identity lookups answer before the
        // Unity Catalog call, and may arrive first.
        var spans = await Topology.Telemetry.WaitForSpansAsync(null, traceId, all => ServersIn(all, traceId).Contains(Resources.CatalogApi)
            && all.Any(ReadPreferences) && all.Any(CalledUnityCatalog), timeout.Token);
        var trace = spans.Where(s => s.TraceId == traceId).ToList();
        trace.Should().Contain(s => s.Service == Resources.CatalogApi && s.IsServer, "the trace starts at catalog-api");
        trace.Should().Contain(s => ReadPreferences(s), "catalog-api read the preferences as the caller");
        trace.Should().Contain(s => CalledUnityCatalog(s), "Unity Catalog's work is in the same trace");
    }

    [Fact]
    public async Task A_batch_scoring_invoke_is_one_trace_through_model_serving_api_catalog_api_the_workspace_and_the_log_write()
    {
        using var timeout = new CancellationTokenSource(Deadline);
        using var caller = await ModelServingClient.NewUserAsync(Topology);
        using var testTrace = TestTrace.Start();
        var traceId = testTrace.TraceId;
        using var request = testTrace.Request(HttpMethod.Post, ModelServingClient.Route("/invoke"));
        request.Content = JsonContent.Create(new
        {
            endpoint_name = "no-schema-model",
            table_source = new { catalog = "samples", schema = "tpch", table = "region", limit = 10 },
        });

        using (var response = await caller.Http.SendAsync(request, timeout.Token))
        {
            response.StatusCode.Should().Be(HttpStatusCode.OK, await response.Content.ReadAsStringAsync(timeout.Token));
        }

        var spans = await Topology.Telemetry.WaitForSpansAsync(null, traceId, all => ServersIn(all, traceId).IsSupersetOf(
            [Resources.ModelServingApi, Resources.CatalogApi, Resources.Databricks])
            && all.Any(s => s.TraceId == traceId && s.Service == Resources.ModelServingApi && IsDatabase(s))
            && all.Any(s => s.TraceId == traceId && s.Attributes.GetValueOrDefault("http.route") == InvocationRoute), timeout.Token);
        var trace = spans.Where(s => s.TraceId == traceId).ToList();
        trace.Should().Contain(s => s.Service == Resources.CatalogApi && s.Attributes.GetValueOrDefault("http.route") == "/api/unity-catalog/query");
        trace.Should().Contain(s => s.Service == Resources.Databricks && s.Attributes.GetValueOrDefault("http.route") == InvocationRoute,
            "the invocation itself");
        trace.Should().Contain(s => s.Service == Resources.ModelServingApi && IsDatabase(s), "the inference log's INSERT is part of the request");
    }

    [Fact]
    public async Task Each_inference_is_a_structured_log_record_with_endpoint_status_and_user_in_its_trace()
    {
        using var timeout = new CancellationTokenSource(Deadline);
        using var caller = await ModelServingClient.NewUserAsync(Topology);
        using var testTrace = TestTrace.Start();
        var traceId = testTrace.TraceId;
        using var request = testTrace.Request(HttpMethod.Post, ModelServingClient.Route("/invoke"));
        request.Content = JsonContent.Create(new { endpoint_name = "chat-assistant", inputs = new { messages = new[] { new { role = "user", content = "hi" } } } });

        using (var response = await caller.Http.SendAsync(request, timeout.Token))
        {
            response.StatusCode.Should().Be(HttpStatusCode.OK);
        }

        var logs = await Topology.Telemetry.WaitForLogsAsync(Resources.ModelServingApi, traceId,
            all => all.Any(l => l.TraceId == traceId && l.Attributes.ContainsKey("EndpointName")), timeout.Token);
        var record = logs.Single(l => l.TraceId == traceId && l.Attributes.ContainsKey("EndpointName"));
        record.Attributes.Should().Contain("EndpointName", "chat-assistant")
            .And.Contain("InferenceStatus", "SUCCESS")
            .And.Contain("UserId", caller.UserName);
        record.SpanId.Should().NotBeEmpty();
    }

    [Theory]
    [InlineData(Resources.LakebaseApi, "/api/lakebase/preferences/nothing-here", HttpStatusCode.NotFound, "PREFERENCE_NOT_FOUND")]
    [InlineData(Resources.CatalogApi, "/api/unity-catalog/query?catalog=main&schema=default&table=no_such_table", HttpStatusCode.NotFound, "TABLE_NOT_FOUND")]
    [InlineData(Resources.ModelServingApi, "/api/model-serving/endpoints/no-such-endpoint", HttpStatusCode.NotFound, "ENDPOINT_NOT_FOUND")]
    [InlineData(Resources.ModelServingApi, "/api/model-serving/logs?limit=0", HttpStatusCode.BadRequest, "INVALID_INPUT")]
    [InlineData(Resources.LakebaseApiWithoutDatabase, "/api/lakebase/preferences", HttpStatusCode.ServiceUnavailable, "LAKEBASE_NOT_CONFIGURED")]
    public async Task Every_error_answer_is_a_log_record_with_its_error_code_and_correlation_id(
        string service, string path, HttpStatusCode status, string errorCode)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        var (_, token) = await new MockWorkspace(Topology).NewUserAsync();
        using var http = App.CreateHttpClient(service);
        var correlationId = $"obs-{Guid.NewGuid():N}";
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Add("X-Forwarded-Access-Token", token);
        request.Headers.Add("X-Correlation-ID", correlationId);

        string traceId;
        using (var response = await http.SendAsync(request, timeout.Token))
        {
            traceId = (await PreferencesClient.ProblemAsync(response, status, errorCode)).GetProperty("trace_id").GetString()!;
        }

        var statusText = ((int)status).ToString(System.Globalization.CultureInfo.InvariantCulture);
        bool IsTheAnswer(TelemetryLog l) => l.Attributes.GetValueOrDefault("CorrelationId") == correlationId
            && l.Attributes.GetValueOrDefault("StatusCode") == statusText && l.Attributes.GetValueOrDefault("ErrorCode") == errorCode;

        // Other records of the request (a workspace call that failed) carry the correlation id too; this is the answer's.
        var logs = await Topology.Telemetry.WaitForLogsAsync(service, traceId, all => all.Any(IsTheAnswer), timeout.Token);
        var record = logs.Single(IsTheAnswer);
        record.TraceId.Should().Be(traceId, "the record is correlated to the request's trace too");
        record.Body.Should().Contain(errorCode);
    }

    private static bool ReadPreferences(TelemetrySpan span) => span.Service == Resources.LakebaseApi && span.IsServer
        && span.Attributes.GetValueOrDefault("http.route") == "/api/lakebase/preferences/{key}";

    private static bool CalledUnityCatalog(TelemetrySpan span) => span.Service == Resources.Databricks && span.IsServer
        && span.Attributes.GetValueOrDefault("http.route")?.StartsWith("/api/2.1/unity-catalog/", StringComparison.Ordinal) == true;

    /// <summary>The services that have a server span in the trace.</summary>
    private static HashSet<string> ServersIn(IReadOnlyList<TelemetrySpan> spans, string traceId) =>
        [.. spans.Where(s => s.TraceId == traceId && s.IsServer).Select(s => s.Service)];

    private static bool IsDatabase(TelemetrySpan span) =>
        span.Attributes.GetValueOrDefault("db.system") == "postgresql" || span.Attributes.GetValueOrDefault("db.system.name") == "postgresql";
}
