using System.Diagnostics;

namespace Benchmarks;

/// <summary>
/// N clients, each sending its next request as soon as the last one answered, for a fixed time; the latency of every
/// request. Each side is warmed up first, long enough for the services' JIT to reach its optimised code (tiered
/// compilation with dynamic PGO takes several seconds under load), so the figures are the steady state.
/// </summary>
internal static class ClosedLoopLoad
{
    public const int Clients = 10;
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(10);

    /// <summary>Warms up, then measures. <paramref name="call"/> gets a number unique to each request.</summary>
    public static async Task<List<double>> MeasureAsync(Func<int, Task> call, TimeSpan duration, CancellationToken cancellationToken)
    {
        await RunAsync(call, WarmUp, cancellationToken);
        return await RunAsync(call, duration, cancellationToken);
    }

    public static Task<List<double>> MeasureAsync(Func<Task> call, TimeSpan duration, CancellationToken cancellationToken) =>
        MeasureAsync(_ => call(), duration, cancellationToken);

    /// <summary>One row of a result table: name, side, req/s, p50, p95, p99.</summary>
    public static void Print(string name, string side, IReadOnlyList<double> latencies, TimeSpan duration) =>
        Console.WriteLine($"{name,-22} {side,-8} {latencies.Count / duration.TotalSeconds,8:F0} {Stats.Percentile(latencies, 0.50),8:F2} {Stats.Percentile(latencies, 0.95),8:F2} {Stats.Percentile(latencies, 0.99),8:F2}");

    private static async Task<List<double>> RunAsync(Func<int, Task> call, TimeSpan duration, CancellationToken cancellationToken)
    {
        var latencies = new List<double>();
        var until = Stopwatch.StartNew();
        var counter = 0;
        await Task.WhenAll(Enumerable.Range(0, Clients).Select(async _ =>
        {
            var mine = new List<double>();
            while (until.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                var clock = Stopwatch.StartNew();
                await call(Interlocked.Increment(ref counter));
                mine.Add(clock.Elapsed.TotalMilliseconds);
            }

            lock (latencies)
            {
                latencies.AddRange(mine);
            }
        }));
        return latencies;
    }
}
