using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Benchmarks;

/// <summary>
/// catalog-api under 10 concurrent clients, each operation for a fixed time: a 1,000-row page of
/// <c>main.sales.transactions</c> at offset 0 and at a deep offset, and <c>/tables</c> of <c>main.default</c>, with
/// throughput and p50/p95/p99. Beside each, the floor: the same call sent straight to the mock workspace with the same
/// token (the page statement as the service writes it, and the Unity Catalog list).
/// </summary>
internal static class CatalogBenchmark
{
    private const int Clients = ClosedLoopLoad.Clients;
    private const int DeepOffset = 500_000;

    // What SelectStatementBuilder writes for this table: every column, the first one ascending, the rest as tie-breakers.
    private const string PageStatement =
        "SELECT `id`, `store`, `amount`, `ts` FROM `main`.`sales`.`transactions` " +
        "ORDER BY `id` ASC, `store` ASC NULLS FIRST, `amount` ASC NULLS FIRST, `ts` ASC NULLS FIRST LIMIT :row_limit OFFSET :row_offset";

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length >= 2 && args[0] == "--seconds" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var duration = TimeSpan.FromSeconds(seconds);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        await using var app = await BenchmarkTopology.StartAsync(timeout.Token);

        var token = await NewUserAsync(app.CreateHttpClient("databricks"), timeout.Token);
        using var service = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Clients }) { BaseAddress = app.GetEndpoint("catalog-api") };
        service.DefaultRequestHeaders.Add("X-Forwarded-Access-Token", token);
        using var workspace = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Clients }) { BaseAddress = app.GetEndpoint("databricks") };
        workspace.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        const string Query = "/api/unity-catalog/query?catalog=main&schema=sales&table=transactions&limit=1000&offset=";
        var operations = new (string Name, Func<Task> Service, Func<Task> Floor)[]
        {
            ("page, offset 0", () => GetAsync(service, Query + "0"), () => StatementAsync(workspace, 0)),
            ($"page, offset {DeepOffset:N0}", () => GetAsync(service, Query + DeepOffset.ToString(CultureInfo.InvariantCulture)), () => StatementAsync(workspace, DeepOffset)),
            ("/tables main.default", () => GetAsync(service, "/api/unity-catalog/tables?catalog=main&schema=default"),
                () => GetAsync(workspace, "/api/2.1/unity-catalog/tables?catalog_name=main&schema_name=default&max_results=0")),
        };

        Console.WriteLine($"{Clients} concurrent clients, {seconds} s per operation (after a warm-up until throughput is steady); 1,000 rows per page");
        Console.WriteLine($"{"operation",-22} {"",-8} {"req/s",8} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8}");
        foreach (var (name, call, floor) in operations)
        {
            var (measured, baseline) = await ClosedLoopLoad.CompareAsync(_ => call(), _ => floor(), duration, timeout.Token);
            ClosedLoopLoad.Print(name, "service", measured, duration);
            ClosedLoopLoad.Print("", "floor", baseline, duration);
            Console.WriteLine($"{"",-22} {"ratio",-8} {measured.Count / (double)baseline.Count,8:P0} {Stats.Median(measured) / Stats.Median(baseline),8:F1}x");
        }

        return 0;
    }

    private static async Task GetAsync(HttpClient client, string path)
    {
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        response.EnsureSuccessStatusCode();
        await response.Content.LoadIntoBufferAsync();
    }

    /// <summary>The page statement as catalog-api submits it (its 30 s budget is its wait_timeout), rows read in full.</summary>
    private static async Task StatementAsync(HttpClient workspace, int offset)
    {
        using var response = await workspace.PostAsJsonAsync("/api/2.0/sql/statements", new
        {
            statement = PageStatement,
            warehouse_id = "mock-warehouse",
            parameters = new[]
            {
                new { name = "row_limit", value = "1000", type = "INT" },
                new { name = "row_offset", value = offset.ToString(CultureInfo.InvariantCulture), type = "INT" },
            },
            wait_timeout = "30s",
            on_wait_timeout = "CONTINUE",
        });
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        if (body.GetProperty("status").GetProperty("state").GetString() != "SUCCEEDED")
        {
            throw new InvalidOperationException("The floor's statement did not succeed at once.");
        }
    }

    private static async Task<string> NewUserAsync(HttpClient mock, CancellationToken cancellationToken)
    {
        using var response = await mock.PostAsJsonAsync("/__mock/users", new { like = "alice@example.com" }, cancellationToken);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken)).GetProperty("token").GetString()!;
    }
}
