using System.Diagnostics;
using System.Globalization;

namespace Benchmarks;

/// <summary>
/// Starts the real AppHost binary, as <c>dotnet run --project AppHost</c> would, N times: wall time from launch to its
/// <c>ready</c> line, and from SIGTERM to its exit. The first run uses an empty template cache, so it includes initdb;
/// it is reported apart. Every run must leave no process and no data folder behind.
/// </summary>
internal static class TopologyBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length >= 2 && args[0] == "--runs" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 7;
        // A cache folder that does not exist yet: Hosting creates it (for the postgres user, when run as root).
        var cache = Path.Combine(Path.GetTempPath(), $"topology-bench-cache-{Guid.NewGuid():N}");
        var starts = new List<double>();
        var teardowns = new List<double>();
        try
        {
            for (var run = 0; run <= runs; run++)
            {
                var (start, teardown, reported) = await RunOnceAsync(cache);
                var label = run == 0 ? "first run (builds the template)" : $"run {run}";
                Console.WriteLine($"{label,-32} start {start,6:F0} ms (AppHost says {reported} ms)   teardown {teardown,5:F0} ms");
                if (run > 0)
                {
                    starts.Add(start);
                    teardowns.Add(teardown);
                }
            }
        }
        finally
        {
            Directory.Delete(cache, recursive: true);
        }

        Console.WriteLine();
        Console.WriteLine($"cold start to all-healthy  {Stats.Summary(starts)}");
        Console.WriteLine($"teardown after SIGTERM     {Stats.Summary(teardowns)}");
        return 0;
    }

    private static async Task<(double Start, double Teardown, string Reported)> RunOnceAsync(string templateCache)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
                 {
                     Path.Combine(AppContext.BaseDirectory, "AppHost.dll"),
                     "--dashboard-url", "http://127.0.0.1:0",
                     $"--Postgres:TemplateCache={templateCache}",
                 })
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["DOTNET_ENVIRONMENT"] = "Development";
        var ready = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new List<string>();
        var clock = Stopwatch.StartNew();
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            lock (output) output.Add(e.Data);
            if (e.Data.StartsWith("ready in ", StringComparison.Ordinal)) ready.TrySetResult(e.Data["ready in ".Length..].Split(' ')[0]);
            if (e.Data.StartsWith("not ready", StringComparison.Ordinal)) ready.TrySetException(new InvalidOperationException(e.Data));
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null) lock (output) output.Add(e.Data);
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        string reported;
        try
        {
            reported = await ready.Task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            process.Kill(entireProcessTree: true);
            lock (output) throw new InvalidOperationException($"The AppHost did not become ready:{Environment.NewLine}{string.Join(Environment.NewLine, output)}", e);
        }

        var start = clock.Elapsed.TotalMilliseconds;
        clock.Restart();
        Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]).WaitForExit();
        await process.WaitForExitAsync();
        var teardown = clock.Elapsed.TotalMilliseconds;

        if (Leftovers(process.Id) is { Count: > 0 } left)
        {
            throw new InvalidOperationException($"The AppHost left these behind: {string.Join(", ", left)}");
        }

        return (start, teardown, reported);
    }

    // The AppHost's data folders carry its pid; other processes' runs on this machine are not ours to judge.
    private static List<string> Leftovers(int appHostPid) =>
        [.. Directory.EnumerateDirectories(Path.GetTempPath(), $"hosting-pg-{appHostPid}-*")];
}
