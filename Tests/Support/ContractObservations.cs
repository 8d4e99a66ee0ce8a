using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json;

namespace Tests.Support;

/// <summary>
/// What the tests saw of each service's HTTP contract: every (service, method, path, status) a test client got, and
/// each service's OpenAPI document. Written under <c>Tests/TestResults/contract/</c> when a topology ends;
/// <c>.ci/contract-coverage</c> compares the two (documented statuses no test observed, observed ones not documented).
/// </summary>
public sealed class ContractObservations
{
    public static readonly string[] DocumentedServices = [Resources.LakebaseApi, Resources.CatalogApi, Resources.ModelServingApi];

    private readonly ConcurrentQueue<Observation> _observations = new();
    private IReadOnlyDictionary<string, string> _serviceByAuthority = new Dictionary<string, string>();

    public static string Directory { get; } = Path.Combine(
        typeof(ContractObservations).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "TestResultsDirectory").Value!,
        "contract");

    /// <summary>A handler for every HttpClient the test host creates (<c>CreateHttpClient</c> included).</summary>
    public DelegatingHandler CreateHandler() => new RecordingHandler(this);

    /// <summary>
    /// Maps each service's endpoint to its name once the app has started and its ports are known. Variants a fixture
    /// adds (<c>lakebase-api-nodb</c>) count for the service whose contract they answer.
    /// </summary>
    public void Watch(DistributedApplication app) =>
        _serviceByAuthority = app.RunningResources().OfType<ProjectResource>()
            .Select(resource => (Resource: resource.Name, Service: DocumentedServices.FirstOrDefault(s => resource.Name == s || resource.Name.StartsWith(s + "-", StringComparison.Ordinal))))
            .Where(pair => pair.Service is not null)
            .ToDictionary(pair => app.GetEndpoint(pair.Resource, "http").Authority, pair => pair.Service!);

    /// <summary>Writes what was observed and the services' OpenAPI documents.</summary>
    public async Task SaveAsync(DistributedApplication app, CancellationToken cancellationToken)
    {
        System.IO.Directory.CreateDirectory(Path.Combine(Directory, "openapi"));
        var lines = _observations.Select(o => JsonSerializer.Serialize(o));
        await File.WriteAllLinesAsync(Path.Combine(Directory, $"observed-{Guid.NewGuid():N}.jsonl"), lines, cancellationToken);

        // A service without a document is left out here; the comparison reports it.
        foreach (var service in DocumentedServices.Where(service => _serviceByAuthority.Values.Contains(service)))
        {
            using var http = app.CreateHttpClient(service);
            using var response = await http.GetAsync(new Uri("/openapi/v1.json", UriKind.Relative), cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                await File.WriteAllTextAsync(Path.Combine(Directory, "openapi", $"{service}.json"),
                    await response.Content.ReadAsStringAsync(cancellationToken), cancellationToken);
            }
        }
    }

    private void Record(HttpRequestMessage request, HttpResponseMessage response)
    {
        if (request.RequestUri is { } uri && _serviceByAuthority.TryGetValue(uri.Authority, out var service))
        {
            _observations.Enqueue(new Observation(service, request.Method.Method, uri.AbsolutePath, (int)response.StatusCode));
        }
    }

    private sealed record Observation(string Service, string Method, string Path, int Status);

    private sealed class RecordingHandler(ContractObservations observations) : DelegatingHandler
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            observations.Record(request, response);
            return response;
        }
    }
}
