using System.Diagnostics;
using System.Globalization;
using System.Reflection;

namespace Benchmarks;

/// <summary>What one start and stop of the AppHost took, in milliseconds.</summary>
/// <param name="Start">From launching <c>dotnet AppHost.dll</c> to its <c>ready in N ms</c> line.</param>
/// <param name="Reported">N of that line: the AppHost's own figure, counted from its process start.</param>
/// <param name="Exit">From SIGTERM to the AppHost's exit.</param>
/// <param name="AllGone">From SIGTERM until no process of the run remains.</param>
/// <param name="Processes">Every process of the run, with when it was found gone after SIGTERM.</param>
internal sealed record RunResult(double Start, long Reported, double Exit, double AllGone, IReadOnlyList<(string Name, double Gone)> Processes)
{
    public (string Name, double Gone) LastToGo => Processes.MaxBy(p => p.Gone);

    /// <summary>
    /// When the resources' processes (the services, PostgreSQL, the dashboard) had all gone; what outlives them is the
    /// orchestration: the AppHost, waiting for DCP to report its cleanup, and DCP's own processes, with the
    /// <c>docker</c> probes it runs every few seconds to look for a container runtime.
    /// </summary>
    public double ResourcesGone => Processes.Where(p => !IsOrchestration(p.Name)).Max(p => p.Gone);

    private static bool IsOrchestration(string name) =>
        name == "AppHost.dll" || name.StartsWith("dcp ", StringComparison.Ordinal) || name.StartsWith("docker", StringComparison.Ordinal);
}

/// <summary>
/// One run of the real AppHost binary, as <c>dotnet run --project AppHost</c> runs it but on free dashboard ports:
/// launch, wait for <c>ready</c>, SIGTERM, then watch every process of the run until it has gone. Fails, listing them,
/// when a process or a PostgreSQL data folder is left behind.
/// </summary>
internal static class AppHostRun
{
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan TeardownTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(25);

    /// <summary><c>AppHost/bin/&lt;configuration&gt;/&lt;tfm&gt;/AppHost.dll</c>, of the configuration this benchmark was built in.</summary>
    public static string AppHostAssembly()
    {
        var configuration = typeof(AppHostRun).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";
        var targetFramework = $"net{Environment.Version.Major}.{Environment.Version.Minor}";
        // The AppHost's own metadata names its project folder.
        var assembly = Path.Combine(Projects.AppHost.ProjectPath, "bin", configuration, targetFramework, "AppHost.dll");
        return File.Exists(assembly)
            ? assembly
            : throw new FileNotFoundException($"No AppHost build output: run 'dotnet build -c {configuration} AppHost' first.", assembly);
    }

    public static async Task<RunResult> RunAsync(string appHost, string templateCache)
    {
        var output = new List<string>();
        var ready = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
        var teardown = new Stopwatch();
        var exited = new TaskCompletionSource<TimeSpan>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = new Process { StartInfo = StartInfo(appHost, templateCache), EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => OnLine(e.Data, output, ready);
        process.ErrorDataReceived += (_, e) => OnLine(e.Data, output, ready);
        process.Exited += (_, _) => exited.TrySetResult(teardown.Elapsed);

        var launch = Stopwatch.StartNew();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        long reported;
        try
        {
            var first = await Task.WhenAny(ready.Task, exited.Task).WaitAsync(ReadyTimeout);
            reported = first == ready.Task
                ? await ready.Task
                : throw new InvalidOperationException($"The AppHost exited with code {process.ExitCode} before it was ready.");
        }
        catch (Exception e) when (e is TimeoutException or InvalidOperationException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"The AppHost did not become ready: {e.Message}{Environment.NewLine}{Joined(output)}", e);
        }

        var start = launch.Elapsed.TotalMilliseconds;
        var processes = new RunProcesses(process.Id);
        processes.Refresh(TimeSpan.Zero);

        teardown.Start();
        Signals.Terminate(process.Id);
        while (processes.Running.Count > 0 && teardown.Elapsed < TeardownTimeout)
        {
            await Task.Delay(PollInterval);
            processes.Refresh(teardown.Elapsed);
        }

        ThrowIfLeftBehind(processes, output);
        var exit = await exited.Task.WaitAsync(TeardownTimeout);
        var gone = processes.All.Select(p => (p.Process.ShortName, p.GoneAt!.Value.TotalMilliseconds)).ToList();
        return new RunResult(start, reported, exit.TotalMilliseconds, gone.Max(p => p.TotalMilliseconds), gone);
    }

    private static ProcessStartInfo StartInfo(string appHost, string templateCache)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // The AppHost's content root is its working directory: there it finds AppHost/appsettings.json.
            WorkingDirectory = Projects.AppHost.ProjectPath,
        };
        startInfo.ArgumentList.Add(appHost);
        // A cache of its own, so the first run builds the PostgreSQL template (initdb) and the later ones copy it.
        startInfo.ArgumentList.Add($"--Postgres:TemplateCache={templateCache}");

        // As the "http" launch profile, but on free ports: never the fixed ones of a developer's AppHost.
        var ports = FreePorts.Take(3);
        startInfo.Environment["DOTNET_ENVIRONMENT"] = "Development";
        startInfo.Environment["ASPNETCORE_ENVIRONMENT"] = "Development";
        startInfo.Environment["ASPNETCORE_URLS"] = $"http://localhost:{ports[0]}";
        startInfo.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = $"http://localhost:{ports[1]}";
        startInfo.Environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = $"http://localhost:{ports[2]}";
        return startInfo;
    }

    private static void OnLine(string? line, List<string> output, TaskCompletionSource<long> ready)
    {
        if (line is null)
        {
            return;
        }

        lock (output)
        {
            output.Add(line);
        }

        if (line.StartsWith("ready in ", StringComparison.Ordinal))
        {
            ready.TrySetResult(long.Parse(line["ready in ".Length..].Split(' ')[0], CultureInfo.InvariantCulture));
        }
        else if (line.StartsWith("not ready", StringComparison.Ordinal))
        {
            ready.TrySetException(new InvalidOperationException(line));
        }
    }

    /// <summary>Fails loudly when the run left a process or a data folder; the processes, all of this run, are killed first.</summary>
    private static void ThrowIfLeftBehind(RunProcesses processes, List<string> output)
    {
        var running = processes.Running;
        var folders = processes.LeftoverFolders();
        if (running.Count == 0 && folders.Count == 0)
        {
            return;
        }

        foreach (var process in running.Where(p => ProcessTable.Read(p.Pid)?.StartTicks == p.StartTicks))
        {
            try
            {
                using var left = Process.GetProcessById(process.Pid);
                left.Kill();
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException)
            {
                // Gone in the meantime.
            }
        }

        throw new InvalidOperationException(
            $"The AppHost run left {running.Count} process(es) after {TeardownTimeout.TotalSeconds:F0} s and {folders.Count} data folder(s) behind:{Environment.NewLine}" +
            string.Join(Environment.NewLine, running.Select(p => $"  pid {p.Pid}: {string.Join(' ', p.Arguments)}").Concat(folders.Select(f => $"  folder {f}"))) +
            $"{Environment.NewLine}AppHost output:{Environment.NewLine}{Joined(output)}");
    }

    private static string Joined(List<string> output)
    {
        lock (output)
        {
            return string.Join(Environment.NewLine, output);
        }
    }
}
