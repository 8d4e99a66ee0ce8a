using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Lakebase.Service.Services;
using Npgsql;

namespace Benchmarks;

/// <summary>
/// The preferences service under 10 concurrent clients, each operation for a fixed time: GET list (20 items), GET one
/// and POST upsert, with throughput and p50/p95/p99. Beside it, the floor: the same SQL straight against the same
/// PostgreSQL with 10 connections, measured in alternating slices, and the ceiling that an HTTP round trip to the
/// service leaves above it. Also the service's resident memory, idle and under load.
/// </summary>
internal static class PreferencesBenchmark
{
    private const int Clients = ClosedLoopLoad.Clients;
    private const int Items = 20;

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length >= 2 && args[0] == "--seconds" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var duration = TimeSpan.FromSeconds(seconds);
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(15));
        await using var app = await BenchmarkTopology.StartAsync(timeout.Token);
        var pid = await app.GetPidAsync("lakebase-api", timeout.Token) ?? throw new InvalidOperationException("lakebase-api has no process.");

        var (userName, token) = await NewUserAsync(app.CreateHttpClient("databricks"), timeout.Token);
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = Clients })
        {
            BaseAddress = app.GetEndpoint("lakebase-api"),
        };
        client.DefaultRequestHeaders.Add("X-Forwarded-Access-Token", token);
        for (var i = 0; i < Items; i++)
        {
            using var seeded = await client.PostAsJsonAsync("/api/lakebase/preferences",
                new { preference_key = $"pref-{i:D2}", preference_value = new { index = i, theme = "dark" } }, timeout.Token);
            seeded.EnsureSuccessStatusCode();
        }

        var idleRss = ResidentMegabytes(pid);
        var peakRss = idleRss;
        var service = new (string Name, Func<int, Task> Call)[]
        {
            ("GET list (20 items)", _ => SendAsync(client, HttpMethod.Get, "/api/lakebase/preferences?limit=20", null)),
            ("GET one", i => SendAsync(client, HttpMethod.Get, $"/api/lakebase/preferences/pref-{i % Items:D2}", null)),
            ("POST upsert", i => SendAsync(client, HttpMethod.Post, "/api/lakebase/preferences",
                JsonContent.Create(new { preference_key = $"pref-{i % Items:D2}", preference_value = new { index = i, theme = "light" } }))),
        };

        await using var database = new NpgsqlDataSourceBuilder(
            (await app.GetConnectionStringAsync("lakebase", timeout.Token)) + $";Maximum Pool Size={Clients}").Build();
        var floor = new (string Name, Func<int, Task> Call)[]
        {
            ("GET list (20 items)", _ => ListFloorAsync(database, userName)),
            ("GET one", i => GetFloorAsync(database, userName, $"pref-{i % Items:D2}")),
            ("POST upsert", i => UpsertFloorAsync(database, userName, $"pref-{i % Items:D2}", i)),
        };

        Console.WriteLine($"{Clients} concurrent clients, {seconds} s per operation (after a warm-up until throughput is steady)");

        // The HTTP round trip alone: /alive runs through the service's same pipeline and touches no database. On a machine
        // whose cores are all busy, a route costs at least that round trip plus its SQL, so it cannot beat
        // roundTrip / (roundTrip + floor) of its floor, whatever the route itself does.
        var roundTrip = (await ClosedLoopLoad.MeasureAsync(_ => SendAsync(client, HttpMethod.Get, "/alive", null), duration, timeout.Token)).Count / duration.TotalSeconds;
        Console.WriteLine($"GET /alive (HTTP round trip, no database): {roundTrip:F0} req/s");
        Console.WriteLine($"{"operation",-22} {"",-8} {"req/s",8} {"p50 ms",8} {"p95 ms",8} {"p99 ms",8}");
        for (var op = 0; op < service.Length; op++)
        {
            var cpu = new CpuPerRequest(pid);
            var (measured, baseline) = await ClosedLoopLoad.CompareAsync(service[op].Call, floor[op].Call, duration, timeout.Token, starting =>
            {
                if (starting)
                {
                    cpu.Start();
                }
                else
                {
                    cpu.Stop();
                    peakRss = Math.Max(peakRss, ResidentMegabytes(pid));
                }
            });
            var cpuPerRequest = cpu.PerRequest(measured.Count);
            ClosedLoopLoad.Print(service[op].Name, "service", measured, duration);
            ClosedLoopLoad.Print("", "floor", baseline, duration);
            Console.WriteLine($"{"",-22} {"ratio",-8} {measured.Count / (double)baseline.Count,8:P0} {Stats.Median(measured) / Stats.Median(baseline),8:F1}x");
            var floorRate = baseline.Count / duration.TotalSeconds;
            Console.WriteLine($"{"",-22} ceiling  {roundTrip / (roundTrip + floorRate),8:P0} (round trip + floor)");
            Console.WriteLine($"{"",-22} lakebase-api CPU per request: {cpuPerRequest.TotalMicroseconds:F0} µs");
        }

        Console.WriteLine($"lakebase-api RSS: idle {idleRss:F0} MB, under load {peakRss:F0} MB (peak seen)");
        return 0;
    }

    /// <summary>The service process's CPU time over its measured slices, divided by the requests it answered in them.</summary>
    private sealed class CpuPerRequest(int pid)
    {
        private TimeSpan _start;
        private TimeSpan _total;

        public void Start() => _start = ProcessTable.CpuTime(pid);

        public void Stop() => _total += ProcessTable.CpuTime(pid) - _start;

        public TimeSpan PerRequest(int requests) => _total / Math.Max(requests, 1);
    }

    private static async Task SendAsync(HttpClient client, HttpMethod method, string path, HttpContent? content)
    {
        using var request = new HttpRequestMessage(method, path) { Content = content };
        using var response = await client.SendAsync(request);
        response.EnsureSuccessStatusCode();
        await response.Content.LoadIntoBufferAsync();
    }

    // The statements the service runs, as PreferenceStore sends them.
    private static async Task ListFloorAsync(NpgsqlDataSource database, string userId)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var page = new NpgsqlCommand(PreferenceStore.ListSql, connection);
        page.Parameters.AddWithValue("user_id", userId);
        page.Parameters.AddWithValue("prefix", "");
        page.Parameters.AddWithValue("limit", 20);
        page.Parameters.AddWithValue("offset", 0);
        await DrainAsync(page);
    }

    private static async Task GetFloorAsync(NpgsqlDataSource database, string userId, string key)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var command = new NpgsqlCommand(PreferenceStore.FindSql, connection);
        PreferenceStore.AddStoredKey(command, userId, key);
        await DrainAsync(command);
    }

    private static async Task UpsertFloorAsync(NpgsqlDataSource database, string userId, string key, int index)
    {
        await using var connection = await database.OpenConnectionAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand(PreferenceStore.UpsertSql, connection, transaction);
        command.Parameters.AddWithValue("user_id", userId);
        command.Parameters.AddWithValue("key", key);
        command.Parameters.Add(new NpgsqlParameter("value", NpgsqlTypes.NpgsqlDbType.Jsonb) { Value = $"{{\"index\":{index},\"theme\":\"light\"}}" });
        command.Parameters.AddWithValue("quota", 10_000L);
        await DrainAsync(command);
        await transaction.CommitAsync();
    }

    private static async Task DrainAsync(NpgsqlCommand command)
    {
        await using var reader = await command.ExecuteReaderAsync();
        do
        {
            while (await reader.ReadAsync())
            {
            }
        }
        while (await reader.NextResultAsync());
    }

    private static async Task<(string UserName, string Token)> NewUserAsync(HttpClient mock, CancellationToken cancellationToken)
    {
        using var response = await mock.PostAsJsonAsync("/__mock/users", new { like = "alice@example.com" }, cancellationToken);
        response.EnsureSuccessStatusCode();
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return (body.GetProperty("user_name").GetString()!, body.GetProperty("token").GetString()!);
    }

    private static double ResidentMegabytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
    }
}
