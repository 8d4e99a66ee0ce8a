using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Tests.Support;
using Xunit.Abstractions;

namespace Tests.Observability;

/// <summary>
/// FR-011: every route a service documents in its OpenAPI document produces a server span in the Aspire dashboard,
/// named by its route template and carrying the status the caller got. Routes come from the document, so a new route
/// is covered the day it is mapped.
/// Each request carries a trace the test chose (<see cref="TestTrace"/>), so the class runs beside the others.
/// </summary>
public sealed partial class RouteSpanTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(90);

    [Theory]
    [InlineData(Resources.LakebaseApi)]
    [InlineData(Resources.CatalogApi)]
    [InlineData(Resources.ModelServingApi)]
    public async Task Every_documented_route_is_a_server_span_with_its_route_template_and_status(string service)
    {
        using var timeout = new CancellationTokenSource(Deadline);
        var (_, token) = await new MockWorkspace(Topology).NewUserAsync();
        using var http = App.CreateHttpClient(service);
        http.DefaultRequestHeaders.Add("X-Forwarded-Access-Token", token);
        var routes = await DocumentedRoutesAsync(http, timeout.Token);
        routes.Should().NotBeEmpty($"{service} documents its routes at /openapi/v1.json");

        var calls = new List<(string TraceId, Route Route, int Status)>();
        foreach (var route in routes)
        {
            using var trace = TestTrace.Start();
            var traceId = trace.TraceId;
            using var request = trace.Request(new HttpMethod(route.Method), SampleUri(route.Template));
            if (route.Method is "POST" or "PUT")
            {
                request.Content = new StringContent("{}", Encoding.UTF8, "application/json");
            }

            using var response = await http.SendAsync(request, timeout.Token);
            calls.Add((traceId, route, (int)response.StatusCode));
        }

        foreach (var (traceId, route, status) in calls)
        {
            var spans = await Topology.Telemetry.WaitForSpansAsync(service, traceId, trace => trace.Any(s => s.IsServer), timeout.Token);
            var server = spans.Single(s => s.IsServer);
            Normalize(server.Attributes.GetValueOrDefault("http.route", "")).Should().Be(Normalize(route.Template), $"{route.Method} {route.Template}");
            server.Attributes.Should().Contain("http.request.method", route.Method);
            server.Attributes.Should().Contain("http.response.status_code", status.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"{route.Method} {route.Template}");
        }
    }

    private sealed record Route(string Method, string Template);

    private static async Task<IReadOnlyList<Route>> DocumentedRoutesAsync(HttpClient http, CancellationToken cancellationToken)
    {
        var document = await http.GetFromJsonAsync<JsonElement>("/openapi/v1.json", cancellationToken);
        return document.GetProperty("paths").EnumerateObject()
            .SelectMany(path => path.Value.EnumerateObject()
                .Where(operation => operation.Name is "get" or "post" or "put" or "delete" or "patch")
                .Select(operation => new Route(operation.Name.ToUpperInvariant(), path.Name)))
            .ToList();
    }

    /// <summary>The template with each parameter given a plain value.</summary>
    private static Uri SampleUri(string template) => new(Parameter().Replace(template, "sample"), UriKind.Relative);

    /// <summary>Route templates as ASP.NET Core reports them and as OpenAPI prints them: no constraints, no trailing slash.</summary>
    private static string Normalize(string template) => Constraint().Replace(template, "}").TrimEnd('/');

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();

    [GeneratedRegex(@":[^}]+\}")]
    private static partial Regex Constraint();
}
