using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Benchmarks;

/// <summary>
/// Latency of the mock warehouse through the statement API, as a client sees it: a 1,000-row page of
/// <c>main.sales.transactions</c> at offsets 0 and 900,000, and <c>COUNT(*)</c>. Starts the whole topology in-process.
/// </summary>
internal static class WarehouseBenchmark
{
    private static readonly (string Name, string Statement, int Runs)[] Cases =
    [
        ("page of 1,000 at offset 0", "SELECT id, store, amount, ts FROM main.sales.transactions ORDER BY id LIMIT :limit OFFSET :offset|0", 200),
        ("page of 1,000 at offset 900,000", "SELECT id, store, amount, ts FROM main.sales.transactions ORDER BY id LIMIT :limit OFFSET :offset|900000", 50),
        ("COUNT(*)", "SELECT COUNT(*) FROM main.sales.transactions|", 100),
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var scale = args.Length >= 2 && args[0] == "--runs" ? double.Parse(args[1], CultureInfo.InvariantCulture) / 100 : 1.0;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(10));
        await using var app = await BenchmarkTopology.StartAsync(timeout.Token);

        using var client = app.CreateHttpClient("databricks");
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "mock-token-alice");
        foreach (var (name, text, runs) in Cases)
        {
            var parts = text.Split('|');
            var latencies = new List<double>();
            var total = Math.Max(5, (int)(runs * scale));
            for (var run = -10; run < total; run++)
            {
                var clock = Stopwatch.StartNew();
                var rows = await RunStatementAsync(client, parts[0], parts[1], timeout.Token);
                if (run >= 0)
                {
                    latencies.Add(clock.Elapsed.TotalMilliseconds);
                }

                if (rows == 0)
                {
                    throw new InvalidOperationException($"'{name}' returned no rows.");
                }
            }

            Console.WriteLine($"{name,-34} median {Stats.Median(latencies),7:F1} ms   p95 {Stats.Percentile(latencies, 0.95),7:F1} ms   (n={latencies.Count})");
        }

        return 0;
    }

    private static async Task<int> RunStatementAsync(HttpClient client, string statement, string offset, CancellationToken cancellationToken)
    {
        object[] parameters = offset.Length == 0
            ? []
            : [new { name = "limit", value = "1000", type = "INT" }, new { name = "offset", value = offset, type = "INT" }];
        using var response = await client.PostAsJsonAsync("/api/2.0/sql/statements",
            new { statement, warehouse_id = "mock-warehouse", parameters, wait_timeout = "30s" }, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        var state = body.GetProperty("status").GetProperty("state").GetString();
        return state == "SUCCEEDED"
            ? body.GetProperty("result").GetProperty("data_array").GetArrayLength()
            : throw new InvalidOperationException($"The statement ended {state}: {body}");
    }
}
