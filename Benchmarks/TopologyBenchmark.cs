using System.Globalization;

namespace Benchmarks;

/// <summary>
/// Starts the real AppHost binary (<c>AppHost/bin/&lt;configuration&gt;/net10.0/AppHost.dll</c>) once with an empty
/// PostgreSQL template cache, which includes initdb and is reported apart, then N more times: wall time from launch to
/// its <c>ready</c> line, and after SIGTERM the time until the resources' processes have gone, until the AppHost exits,
/// and until no process of the run remains.
/// Every run must leave no process and no data folder behind. <c>--details</c> lists when each process went.
/// </summary>
internal static class TopologyBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.SkipWhile(a => a != "--runs").Skip(1).Select(a => int.Parse(a, CultureInfo.InvariantCulture)).FirstOrDefault(7);
        var details = args.Contains("--details");
        var appHost = AppHostRun.AppHostAssembly();
        // A cache folder that does not exist yet: Hosting creates it (for the postgres user, when run as root).
        var cache = Path.Combine(Path.GetTempPath(), $"topology-bench-cache-{Guid.NewGuid():N}");
        var results = new List<RunResult>();
        Console.WriteLine($"{appHost}, {runs} runs after a first one");
        Console.WriteLine($"{"run",-32} {"start ms",9} {"AppHost says",13} {"resources gone ms",18} {"exit ms",8} {"all gone ms",12}  last to go");
        try
        {
            for (var run = 0; run <= runs; run++)
            {
                var result = await AppHostRun.RunAsync(appHost, cache);
                results.Add(result);
                var label = run == 0 ? "first run (builds the template)" : $"run {run}";
                Console.WriteLine($"{label,-32} {result.Start,9:F0} {result.Reported,13} {result.ResourcesGone,18:F0} {result.Exit,8:F0} {result.AllGone,12:F0}  {result.LastToGo.Name}");
                if (details)
                {
                    foreach (var (name, gone) in result.Processes.OrderBy(p => p.Gone))
                    {
                        Console.WriteLine($"{"",-32} {"",9} {"",13} {"",8} {gone,12:F0}  {name}");
                    }
                }
            }
        }
        finally
        {
            if (Directory.Exists(cache))
            {
                Directory.Delete(cache, recursive: true);
            }
        }

        Console.WriteLine();
        Console.WriteLine($"{"start to ready, first run",-32} {results[0].Start,6:F0} ms   (AppHost says {results[0].Reported} ms)");
        Console.WriteLine($"{"start to ready",-32} {Stats.Summary([.. results.Skip(1).Select(r => r.Start)])}");
        Console.WriteLine($"{"SIGTERM to resources gone",-32} {Stats.Summary([.. results.Select(r => r.ResourcesGone)])}");
        Console.WriteLine($"{"SIGTERM to AppHost exit",-32} {Stats.Summary([.. results.Select(r => r.Exit)])}");
        Console.WriteLine($"{"SIGTERM to no process left",-32} {Stats.Summary([.. results.Select(r => r.AllGone)])}");
        return 0;
    }
}
