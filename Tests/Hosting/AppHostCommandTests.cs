using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Tests.Support;
using Xunit.Abstractions;

namespace Tests.Hosting;

/// <summary>
/// <c>dotnet run --project AppHost</c> as a user sees it: the AppHost binary in its own process, its summary lines,
/// its dashboard, and a SIGTERM that leaves nothing behind.
/// </summary>
public sealed class AppHostCommandTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_AppHost_prints_every_resource_then_ready_and_stops_cleanly_on_SIGTERM()
    {
        using var appHost = StartAppHost();
        var lines = new List<string>();
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        appHost.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            output.WriteLine(e.Data);
            lock (lines) lines.Add(e.Data);
            if (e.Data.StartsWith("ready in ", StringComparison.Ordinal) || e.Data.StartsWith("not ready", StringComparison.Ordinal)) ready.TrySetResult();
        };
        appHost.ErrorDataReceived += (_, e) => output.WriteLine($"! {e.Data}");
        appHost.Start();
        appHost.BeginOutputReadLine();
        appHost.BeginErrorReadLine();

        try
        {
            await ready.Task.WaitAsync(Deadline);
        }
        finally
        {
            if (!ready.Task.IsCompleted) appHost.Kill(entireProcessTree: true);
        }

        string[] summary;
        lock (lines) summary = [.. lines];
        summary.Last().Should().MatchRegex("^ready in [0-9]+ ms$");
        foreach (var resource in new[] { "postgres", "lakebase", "warehouse", "databricks", "lakebase-api", "catalog-api", "model-serving-api" })
        {
            summary.Should().Contain(l => l.TrimStart().StartsWith(resource + " ", StringComparison.Ordinal) && l.Contains("Running (Healthy)", StringComparison.Ordinal));
        }

        var dashboardUrl = new Uri(summary.Single(l => l.TrimStart().StartsWith("dashboard: ", StringComparison.Ordinal)).Trim()["dashboard: ".Length..]);
        using var dashboard = new HttpClient { BaseAddress = dashboardUrl };
        var resources = (await dashboard.GetFromJsonAsync<JsonElement>("/api/resources")).EnumerateArray().ToList();
        resources.Should().HaveCount(7).And.AllSatisfy(r =>
        {
            r.GetProperty("state").GetString().Should().Be("Running");
            r.GetProperty("health").GetString().Should().Be("Healthy");
        });
        var pids = resources.Where(r => r.GetProperty("pid").ValueKind == JsonValueKind.Number).Select(r => r.GetProperty("pid").GetInt32()).ToList();
        pids.Should().HaveCount(5, "PostgreSQL and the four projects are processes");
        foreach (var url in resources.SelectMany(r => r.GetProperty("urls").EnumerateArray()).Select(u => u.GetString()!).Where(u => u.StartsWith("http", StringComparison.Ordinal)))
        {
            using var service = new HttpClient { BaseAddress = new Uri(url) };
            (await service.GetAsync(new Uri("/health", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.OK, url);
        }

        var dataFolder = Path.GetDirectoryName(PostgresProcess.DataFolderOf(pids.Single(PostgresProcess.IsPostgres)));

        Process.Start("kill", ["-TERM", appHost.Id.ToString(CultureInfo.InvariantCulture)]).WaitForExit();
        await appHost.WaitForExitAsync().WaitAsync(Deadline);

        appHost.ExitCode.Should().Be(0);
        pids.Should().AllSatisfy(pid => Directory.Exists($"/proc/{pid}").Should().BeFalse($"process {pid} should have stopped with the AppHost"));
        Directory.Exists(dataFolder).Should().BeFalse();
    }

    [Fact]
    public async Task Without_PostgreSQL_binaries_the_AppHost_says_what_to_install()
    {
        using var appHost = StartAppHost("--Postgres:BinDirectory=/nonexistent");
        var notReady = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var lines = new List<string>();
        appHost.OutputDataReceived += (_, e) =>
        {
            if (e.Data is null) return;
            output.WriteLine(e.Data);
            lock (lines) lines.Add(e.Data);
            if (e.Data.StartsWith("not ready", StringComparison.Ordinal)) notReady.TrySetResult(e.Data);
        };
        appHost.Start();
        appHost.BeginOutputReadLine();

        try
        {
            (await notReady.Task.WaitAsync(Deadline)).Should().Contain("resource(s) failed");
        }
        finally
        {
            Process.Start("kill", ["-TERM", appHost.Id.ToString(CultureInfo.InvariantCulture)]).WaitForExit();
            await appHost.WaitForExitAsync().WaitAsync(Deadline);
        }

        lock (lines)
        {
            lines.Should().Contain(l => l.Contains("postgres", StringComparison.Ordinal) && l.Contains("FailedToStart", StringComparison.Ordinal));
            lines.Should().Contain(l => l.Contains("apt-get install postgresql", StringComparison.Ordinal));
        }
    }

    private static Process StartAppHost(params string[] extraArguments)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "AppHost.dll"));
        // A random dashboard port, so the test never collides with an AppHost a developer is running.
        startInfo.ArgumentList.Add("--dashboard-url");
        startInfo.ArgumentList.Add("http://127.0.0.1:0");
        foreach (var argument in extraArguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["DOTNET_ENVIRONMENT"] = "Development";
        return new Process { StartInfo = startInfo };
    }
}
