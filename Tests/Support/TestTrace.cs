using System.Diagnostics;

namespace Tests.Support;

/// <summary>
/// A trace the test chooses for the requests it sends while this scope is open, so that it can find their spans and
/// log records in the dashboard. The trace is the current activity as well as the <c>traceparent</c> header of
/// <see cref="Request"/>: while a host in this test process runs OpenTelemetry's HttpClient instrumentation (the
/// ServiceDefaults tests host the service defaults in-process, beside the topology tests), that instrumentation
/// replaces the header with the context of the current activity, and a header alone would then start a new trace.
/// </summary>
public sealed class TestTrace : IDisposable
{
    private readonly Activity _activity;

    private TestTrace(Activity activity) => _activity = activity;

    public string TraceId => _activity.TraceId.ToHexString();

    /// <summary>Opens a new trace as the current activity of the calling test, until disposed.</summary>
    public static TestTrace Start()
    {
        var activity = new Activity("test request")
            .SetParentId(ActivityTraceId.CreateRandom(), ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded);
        return new TestTrace(activity.Start());
    }

    /// <summary>A request that carries the trace in its W3C <c>traceparent</c> header.</summary>
    public HttpRequestMessage Request(HttpMethod method, Uri uri)
    {
        var request = new HttpRequestMessage(method, uri);
        request.Headers.Add("traceparent", _activity.Id);
        return request;
    }

    public void Dispose() => _activity.Stop();
}
