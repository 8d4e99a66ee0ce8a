using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Tests.Support;

/// <summary>
/// A typed reader of the Aspire dashboard's telemetry API (<c>/api/telemetry/spans</c>, <c>/logs</c>): the
/// OpenTelemetry data every resource of the topology exported, as the dashboard received it.
/// </summary>
public sealed class DashboardTelemetry : IDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);
    private readonly HttpClient _http;

    private DashboardTelemetry(HttpClient http) => _http = http;

    public static async Task<DashboardTelemetry> ConnectAsync(DistributedApplication app, CancellationToken cancellationToken)
    {
        var login = await app.GetDashboardUrlAsync(cancellationToken);
        var http = new HttpClient { BaseAddress = new Uri(login.GetLeftPart(UriPartial.Authority)) };
        // The AppHost generates the API key for the dashboard it launches.
        var apiKey = app.Services.GetRequiredService<IConfiguration>()["AppHost:DashboardApiKey"];
        if (string.IsNullOrEmpty(apiKey))
        {
            var token = System.Web.HttpUtility.ParseQueryString(login.Query)["t"];
            using var validated = await http.PostAsJsonAsync("/api/telemetry/validateToken", new { token }, cancellationToken);
            validated.EnsureSuccessStatusCode();
            apiKey = (await validated.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("apiKey").GetString();
        }

        http.DefaultRequestHeaders.Add("x-api-key", apiKey);
        return new DashboardTelemetry(http);
    }

    /// <summary>
    /// The newest 10,000 spans the dashboard holds for <paramref name="resource"/> (all resources when null), newest last;
    /// with <paramref name="search"/>, every span that has the text in its name or an attribute, however many.
    /// </summary>
    public async Task<IReadOnlyList<TelemetrySpan>> SpansAsync(
        string? resource = null, string? traceId = null, CancellationToken cancellationToken = default, string? search = null)
    {
        return ParseSpans(await GetAsync("spans", resource, traceId, search, cancellationToken));
    }

    private static List<TelemetrySpan> ParseSpans(JsonElement body)
    {
        var spans = new List<TelemetrySpan>();
        foreach (var resourceSpans in Array(body.GetProperty("data"), "resourceSpans"))
        {
            var service = ServiceName(resourceSpans);
            foreach (var scope in Array(resourceSpans, "scopeSpans"))
            {
                foreach (var span in Array(scope, "spans"))
                {
                    spans.Add(new TelemetrySpan(
                        service,
                        Text(span, "traceId"),
                        Text(span, "spanId"),
                        Text(span, "parentSpanId"),
                        Text(span, "name"),
                        span.TryGetProperty("kind", out var kind) ? kind.ToString() : "",
                        Attributes(span),
                        span.TryGetProperty("status", out var status) && status.TryGetProperty("code", out var code) ? code.ToString() : "",
                        StartTime(span)));
                }
            }
        }

        return spans;
    }

    /// <summary>
    /// The newest 10,000 log records the dashboard holds for <paramref name="resource"/> (all resources when null); with
    /// <paramref name="search"/>, every record that has the text in its message or an attribute, however many.
    /// </summary>
    public async Task<IReadOnlyList<TelemetryLog>> LogsAsync(
        string? resource = null, string? traceId = null, CancellationToken cancellationToken = default, string? search = null)
    {
        var body = await GetAsync("logs", resource, traceId, search, cancellationToken);
        var logs = new List<TelemetryLog>();
        foreach (var resourceLogs in Array(body.GetProperty("data"), "resourceLogs"))
        {
            var service = ServiceName(resourceLogs);
            foreach (var scope in Array(resourceLogs, "scopeLogs"))
            {
                foreach (var record in Array(scope, "logRecords"))
                {
                    logs.Add(new TelemetryLog(
                        service,
                        Text(record, "traceId"),
                        Text(record, "spanId"),
                        Text(record, "severityText"),
                        record.TryGetProperty("body", out var logBody) ? Value(logBody) : "",
                        Attributes(record)));
                }
            }
        }

        return logs;
    }

    /// <summary>
    /// Polls until the dashboard holds spans (of <paramref name="resource"/> and <paramref name="traceId"/> when given)
    /// that satisfy <paramref name="condition"/>; telemetry is exported in batches. Give the trace when it is known:
    /// other tests' spans then neither slow the reads down nor push this test's spans out of the newest ones.
    /// </summary>
    public Task<IReadOnlyList<TelemetrySpan>> WaitForSpansAsync(
        string? resource, string? traceId, Func<IReadOnlyList<TelemetrySpan>, bool> condition, CancellationToken cancellationToken) =>
        PollAsync(token => SpansAsync(resource, traceId, token), condition, $"spans of {resource ?? "every resource"} in trace {traceId ?? "any"}",
            () => DescribeSpanArrivalAsync(traceId), cancellationToken);

    /// <summary>Polls until the dashboard holds log records (filtered as for spans) that satisfy <paramref name="condition"/>.</summary>
    public Task<IReadOnlyList<TelemetryLog>> WaitForLogsAsync(
        string? resource, string? traceId, Func<IReadOnlyList<TelemetryLog>, bool> condition, CancellationToken cancellationToken) =>
        PollAsync(token => LogsAsync(resource, traceId, token), condition, $"log records of {resource ?? "every resource"} in trace {traceId ?? "any"}",
            describeArrival: null, cancellationToken);

    /// <summary>Polls until the resources the dashboard holds telemetry of satisfy <paramref name="condition"/>.</summary>
    public Task<IReadOnlyList<TelemetryResource>> WaitForResourcesAsync(
        Func<IReadOnlyList<TelemetryResource>, bool> condition, CancellationToken cancellationToken) =>
        PollAsync(ResourcesAsync, condition, "resources", describeArrival: null, cancellationToken);

    private static async Task<IReadOnlyList<T>> PollAsync<T>(
        Func<CancellationToken, Task<IReadOnlyList<T>>> read, Func<IReadOnlyList<T>, bool> condition, string what,
        Func<Task<string>>? describeArrival, CancellationToken cancellationToken)
    {
        IReadOnlyList<T> current = [];
        try
        {
            return await PollUntilAsync(read, condition, seen => current = seen, cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            var arrival = describeArrival is null ? "" : await describeArrival();
            throw new TimeoutException($"The dashboard never held the expected {what}; at the deadline it held {current.Count}: "
                + string.Join("; ", current.Take(20)) + arrival + await DescribeLatenessAsync(read, condition));
        }
    }

    /// <summary>Reads every <see cref="PollInterval"/> until <paramref name="condition"/> holds; each read goes to <paramref name="seen"/>.</summary>
    private static async Task<IReadOnlyList<T>> PollUntilAsync<T>(
        Func<CancellationToken, Task<IReadOnlyList<T>>> read, Func<IReadOnlyList<T>, bool> condition, Action<IReadOnlyList<T>> seen,
        CancellationToken cancellationToken)
    {
        while (true)
        {
            var current = await read(cancellationToken);
            seen(current);
            if (condition(current))
            {
                return current;
            }

            await Task.Delay(PollInterval, cancellationToken);
        }
    }

    /// <summary>Late or lost: whether what a timed-out wait expected arrives within a further minute.</summary>
    private static async Task<string> DescribeLatenessAsync<T>(
        Func<CancellationToken, Task<IReadOnlyList<T>>> read, Func<IReadOnlyList<T>, bool> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        using var window = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        try
        {
            await PollUntilAsync(read, condition, _ => { }, window.Token);
            return $" It arrived {waited.Elapsed.TotalSeconds:F1} s after the deadline.";
        }
        catch (Exception exception) when (exception is OperationCanceledException or HttpRequestException)
        {
            return $" It had not arrived {waited.Elapsed.TotalSeconds:F0} s after the deadline.";
        }
    }

    /// <summary>
    /// Whether the dashboard stopped receiving from one resource or from all: how long ago the newest span it holds of
    /// each resource started, and whether the trace's log records (a separate exporter) arrived.
    /// </summary>
    private async Task<string> DescribeSpanArrivalAsync(string? traceId)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            var now = DateTimeOffset.UtcNow;
            var ages = new List<string>();
            foreach (var resource in (await ResourcesAsync(timeout.Token)).Where(r => r.HasTraces).Select(r => r.DisplayName))
            {
                var newest = ParseSpans(await GetAsync("spans", resource, null, null, timeout.Token, limit: 1)).MaxBy(s => s.StartTime);
                ages.Add(newest is null ? $"{resource} none"
                    : $"{resource} {(now - newest.StartTime).TotalSeconds:F1} s (trace {(newest.TraceId == traceId ? "awaited" : newest.TraceId)})");
            }

            var logs = traceId is null ? 0 : (await LogsAsync(null, traceId, timeout.Token)).Count;
            return $". The newest span it held of each resource started this long ago: {string.Join(", ", ages)}; it held {logs} log records of the trace.";
        }
        catch (Exception exception) when (exception is OperationCanceledException or HttpRequestException or JsonException)
        {
            return $". The dashboard did not answer how far behind it is: {exception.Message}";
        }
    }

    /// <summary>
    /// Every resource the dashboard has received telemetry from, and of which kinds. The telemetry API serves no metric
    /// data points, so whether a resource's metrics arrived is what it says of metrics.
    /// </summary>
    public async Task<IReadOnlyList<TelemetryResource>> ResourcesAsync(CancellationToken cancellationToken)
    {
        var resources = await GetJsonAsync("/api/telemetry/resources", cancellationToken);
        return [.. resources.EnumerateArray().Select(r => new TelemetryResource(
            Text(r, "name"),
            Text(r, "displayName") is { Length: > 0 } displayName ? displayName : Text(r, "name"),
            Flag(r, "hasTraces"),
            Flag(r, "hasLogs"),
            Flag(r, "hasMetrics")))];

        static bool Flag(JsonElement resource, string name) =>
            resource.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;
    }

    public void Dispose() => _http.Dispose();

    private async Task<JsonElement> GetAsync(
        string kind, string? resource, string? traceId, string? search, CancellationToken cancellationToken, int? limit = null)
    {
        // The dashboard filters everything it holds, then answers with the newest `limit` matches.
        var query = new List<string> { $"limit={limit ?? (search is null ? 10000 : int.MaxValue)}" };
        if (search is not null)
        {
            query.Add($"search={Uri.EscapeDataString(search)}");
        }

        if (resource is not null)
        {
            query.Add($"resource={Uri.EscapeDataString(resource)}");
        }

        if (traceId is not null)
        {
            query.Add($"traceId={Uri.EscapeDataString(traceId)}");
        }

        return await GetJsonAsync($"/api/telemetry/{kind}?{string.Join('&', query)}", cancellationToken);
    }

    private async Task<JsonElement> GetJsonAsync(string pathAndQuery, CancellationToken cancellationToken)
    {
        using var response = await _http.GetAsync(new Uri(pathAndQuery, UriKind.Relative), cancellationToken);
        response.EnsureSuccessStatusCode();
        return await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
    }

    private static IEnumerable<JsonElement> Array(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray()
            : [];

    private static string Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : "";

    private static DateTimeOffset StartTime(JsonElement span) =>
        span.TryGetProperty("startTimeUnixNano", out var value) && long.TryParse(value.ToString(), CultureInfo.InvariantCulture, out var nanoseconds)
            ? DateTimeOffset.UnixEpoch.AddTicks(nanoseconds / 100)
            : DateTimeOffset.MinValue;

    private static string ServiceName(JsonElement resourceTelemetry) =>
        resourceTelemetry.TryGetProperty("resource", out var resource) && Attributes(resource).TryGetValue("service.name", out var name) ? name : "";

    private static Dictionary<string, string> Attributes(JsonElement element)
    {
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var attribute in Array(element, "attributes"))
        {
            attributes[Text(attribute, "key")] = attribute.TryGetProperty("value", out var value) ? Value(value) : "";
        }

        return attributes;
    }

    // An OTLP AnyValue: {"stringValue": "…"}, {"intValue": "42"}, {"boolValue": true}, {"doubleValue": 1.5}, arrays and maps as JSON.
    private static string Value(JsonElement anyValue)
    {
        foreach (var property in anyValue.EnumerateObject())
        {
            return property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString()!,
                JsonValueKind.Number => property.Value.GetRawText(),
                JsonValueKind.True or JsonValueKind.False => property.Value.GetBoolean().ToString(CultureInfo.InvariantCulture).ToLowerInvariant(),
                _ => property.Value.GetRawText(),
            };
        }

        return "";
    }
}

/// <summary>One span as the dashboard holds it; <see cref="Service"/> is the Aspire resource name.</summary>
public sealed record TelemetrySpan(
    string Service, string TraceId, string SpanId, string ParentSpanId, string Name, string Kind,
    IReadOnlyDictionary<string, string> Attributes, string StatusCode, DateTimeOffset StartTime)
{
    /// <summary>A span of a request the service received (OTLP kind 2, however the dashboard spells it).</summary>
    public bool IsServer => Kind is "2" or "SPAN_KIND_SERVER" || Kind.Contains("Server", StringComparison.OrdinalIgnoreCase);
}

/// <summary>A resource the dashboard holds telemetry of; <see cref="DisplayName"/> carries the replica's suffix.</summary>
public sealed record TelemetryResource(string Name, string DisplayName, bool HasTraces, bool HasLogs, bool HasMetrics);

/// <summary>One log record as the dashboard holds it.</summary>
public sealed record TelemetryLog(
    string Service, string TraceId, string SpanId, string Severity, string Body, IReadOnlyDictionary<string, string> Attributes);
