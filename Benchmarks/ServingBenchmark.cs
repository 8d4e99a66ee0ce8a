using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Benchmarks;

/// <summary>
/// The model serving service under 10 concurrent clients invoking the churn classifier (each call also commits its
/// inference log row), against the floor: the same model request sent straight to the mock workspace's invocation
/// route. Throughput, p50/p95/p99 and the ratio; the target is at most 5 ms added at the median.
/// </summary>
internal static class ServingBenchmark
{
    private const int Clients = ClosedLoopLoad.Clients;
    private const string Endpoint = "churn-classifier";
    private const string Inputs = """{"dataframe_records":[{"tenure":12,"monthly_charges":70.5,"contract":"One year"}]}""";

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length >= 2 && args[0] == "--seconds" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var duration = TimeSpan.FromSeconds(seconds);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        await using var app = await BenchmarkTopology.StartAsync(timeout.Token);

        using var mock = app.CreateHttpClient("databricks");
        using var created = await mock.PostAsJsonAsync("/__mock/users", new { like = "alice@example.com" }, timeout.Token);
        created.EnsureSuccessStatusCode();
        var token = (await created.Content.ReadFromJsonAsync<JsonElement>(timeout.Token)).GetProperty("token").GetString()!;

        using var service = Client(app.GetEndpoint("model-serving-api"));
        service.DefaultRequestHeaders.Add("X-Forwarded-Access-Token", token);
        using var workspace = Client(app.GetEndpoint("databricks"));
        workspace.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var invoke = $$"""{"endpoint_name":"{{Endpoint}}","inputs":{{Inputs}}}""";

        Console.WriteLine($"{Clients} concurrent clients invoking {Endpoint}, {seconds} s per side in alternating slices (after a warm-up until throughput is steady)");
        Console.WriteLine($"{"side",-8} {"req/s",8} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8}");
        var (viaService, direct) = await ClosedLoopLoad.CompareAsync(
            _ => PostAsync(service, "/api/model-serving/invoke", invoke),
            _ => PostAsync(workspace, $"/serving-endpoints/{Endpoint}/invocations", Inputs),
            duration, timeout.Token);
        foreach (var (name, latencies) in new[] { ("service", viaService), ("direct", direct) })
        {
            Console.WriteLine($"{name,-8} {latencies.Count / duration.TotalSeconds,8:F0} {Stats.Percentile(latencies, 0.50),8:F2} {Stats.Percentile(latencies, 0.95),8:F2} {Stats.Percentile(latencies, 0.99),8:F2}");
        }

        var added = Stats.Median(viaService) - Stats.Median(direct);
        Console.WriteLine($"throughput ratio {viaService.Count / (double)direct.Count:P0}; the service adds {added:F2} ms at the median (target: at most 5 ms)");
        return 0;
    }

    private static HttpClient Client(Uri baseAddress) =>
        new(new SocketsHttpHandler { MaxConnectionsPerServer = Clients }) { BaseAddress = baseAddress };

    private static async Task PostAsync(HttpClient client, string path, string json)
    {
        using var content = new StringContent(json, Encoding.UTF8, "application/json");
        using var response = await client.PostAsync(new Uri(path, UriKind.Relative), content);
        response.EnsureSuccessStatusCode();
        await response.Content.LoadIntoBufferAsync();
    }
}
