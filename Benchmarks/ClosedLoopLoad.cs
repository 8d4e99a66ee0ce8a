using System.Diagnostics;

namespace Benchmarks;

/// <summary>
/// N clients, each sending its next request as soon as the last one answered, for a fixed time; the latency of every
/// request. Each side is warmed up first until its throughput stops rising, so the figures are the steady state of a
/// long-running service: on 2 cores, tiered compilation with dynamic PGO keeps recompiling hot code for 30 s and more
/// under load, and a fixed 10 s warm-up measured a list route at half its steady throughput.
/// </summary>
internal static class ClosedLoopLoad
{
    public const int Clients = 10;

    /// <summary>Warm-up rounds: at least three, at most twelve (60 s).</summary>
    private static readonly TimeSpan WarmUpRound = TimeSpan.FromSeconds(5);
    private const int MaxWarmUpRounds = 12;

    /// <summary>Two rounds in a row that beat the best round by less than this end the warm-up.</summary>
    private const double SteadyGain = 0.05;

    /// <summary>How long one side runs before the other takes over in <see cref="CompareAsync"/>.</summary>
    private static readonly TimeSpan Slice = TimeSpan.FromSeconds(1);

    /// <summary>
    /// A service and its floor side by side: both warmed up, then measured in alternating one-second slices until each has
    /// had <paramref name="duration"/>. On a shared 2-core machine, load from outside comes and goes within seconds; measuring
    /// one side after the other let that noise alone move the ratio between runs by half (29 % to 46 % with the same code),
    /// while interleaved slices give both sides the same share of it. <paramref name="serviceSlice"/> brackets each of the
    /// service's slices (true before, false after), for readings such as its process's CPU time.
    /// </summary>
    public static async Task<(List<double> Service, List<double> Floor)> CompareAsync(
        Func<int, Task> service, Func<int, Task> floor, TimeSpan duration, CancellationToken cancellationToken, Action<bool>? serviceSlice = null)
    {
        await WarmUpAsync(service, cancellationToken);
        await WarmUpAsync(floor, cancellationToken);
        var (serviceLatencies, floorLatencies) = (new List<double>(), new List<double>());
        for (var measured = TimeSpan.Zero; measured < duration; measured += Slice)
        {
            var slice = duration - measured < Slice ? duration - measured : Slice;
            serviceSlice?.Invoke(true);
            serviceLatencies.AddRange(await RunAsync(service, slice, cancellationToken));
            serviceSlice?.Invoke(false);
            floorLatencies.AddRange(await RunAsync(floor, slice, cancellationToken));
        }

        return (serviceLatencies, floorLatencies);
    }

    /// <summary>
    /// Warms up, then measures. <paramref name="call"/> gets a number unique to each request.
    /// </summary>
    public static async Task<List<double>> MeasureAsync(Func<int, Task> call, TimeSpan duration, CancellationToken cancellationToken)
    {
        await WarmUpAsync(call, cancellationToken);
        return await RunAsync(call, duration, cancellationToken);
    }

    private static async Task WarmUpAsync(Func<int, Task> call, CancellationToken cancellationToken)
    {
        var best = (await RunAsync(call, WarmUpRound, cancellationToken)).Count;
        var flatRounds = 0;
        for (var round = 2; round <= MaxWarmUpRounds && flatRounds < 2; round++)
        {
            var count = (await RunAsync(call, WarmUpRound, cancellationToken)).Count;
            if (count > best * (1 + SteadyGain))
            {
                best = count;
                flatRounds = 0;
            }
            else
            {
                flatRounds++;
            }
        }
    }

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
