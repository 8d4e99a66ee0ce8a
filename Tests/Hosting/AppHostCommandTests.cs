using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Reflection;
using System.Text.RegularExpressions;
using Tests.Support;
using Xunit.Abstractions;

namespace Tests.Hosting;

/// <summary>
/// <c>dotnet run --project AppHost</c> as a user sees it: the built AppHost in its own process, its summary lines, its
/// dashboard, the port check that keeps a second AppHost out, and a SIGTERM that leaves nothing behind. Every run here
/// takes random dashboard ports, so it never collides with an AppHost a developer is running.
/// </summary>
[LongRunning]
public sealed partial class AppHostCommandTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartDeadline = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan StopDeadline = TimeSpan.FromSeconds(45);
    private static readonly string[] Resources = ["postgres", "lakebase", "warehouse", "databricks", "lakebase-api", "catalog-api", "model-serving-api"];

    [Fact]
    public async Task The_AppHost_prints_every_resource_then_ready_and_stops_cleanly_on_SIGTERM()
    {
        using var appHost = AppHostProcess.Start(output);
        using var start = new CancellationTokenSource(StartDeadline);

        var last = await appHost.WaitForLineAsync(l => l.StartsWith("ready in ", StringComparison.Ordinal) || l.StartsWith("not ready", StringComparison.Ordinal), start.Token);

        last.Should().MatchRegex("^ready in [0-9]+ ms$");
        var summary = Summary(appHost.Output, Resources);
        summary.Keys.Should().BeEquivalentTo(Resources);
        summary.Values.Should().AllSatisfy(line => line.State.Should().Be("Running (Healthy)"));
        summary["postgres"].Url.Should().MatchRegex("^tcp://localhost:[0-9]+$");
        summary["lakebase"].Url.Should().BeEmpty();
        var dashboard = new Uri(appHost.Output.Single(l => l.StartsWith("  dashboard: ", StringComparison.Ordinal))["  dashboard: ".Length..]);
        dashboard.Port.Should().NotBe(0, "the summary shows the port the dashboard really listens on");
        using (var http = new HttpClient())
        {
            (await http.GetAsync(dashboard, start.Token)).StatusCode.Should().Be(HttpStatusCode.OK);
            foreach (var url in summary.Values.Select(l => l.Url).Where(u => u.StartsWith("http", StringComparison.Ordinal)))
            {
                (await http.GetAsync(new Uri(new Uri(url), "/health"), start.Token)).StatusCode.Should().Be(HttpStatusCode.OK, url);
            }
        }

        var processes = appHost.Orchestrated();
        var commandLines = processes.Select(CommandLine).ToList();
        foreach (var service in new[] { "MockDatabricks", "Lakebase.Service", "Catalog.Service", "ModelServing.Service" })
        {
            commandLines.Should().Contain(c => c.Contains($"/{service}/bin/", StringComparison.Ordinal) && c.EndsWith($"{service}.dll", StringComparison.Ordinal), service);
        }

        commandLines.Should().Contain(c => c.StartsWith("/", StringComparison.Ordinal) && c.Contains("postgres -D ", StringComparison.Ordinal));
        // DCP serves its API with a certificate it was given (ours, or a developer certificate): it made no key of its own.
        commandLines.Should().ContainSingle(c => c.Contains(" start-apiserver ", StringComparison.Ordinal))
            .Which.Should().Contain(" --tls-cert-file ").And.Contain(" --tls-key-file ");
        appHost.RunFolders().Should().ContainSingle("the AppHost's PostgreSQL has its data folder");
        // The resources' processes: everything but DCP's own, which follow the AppHost within seconds, and the docker
        // probes DCP runs every few seconds to look for a container runtime.
        var resources = processes.Zip(commandLines)
            .Where(p => !p.Second.Contains("/aspire.hosting.orchestration.", StringComparison.Ordinal)
                && Path.GetFileName(p.Second.Split(' ')[0]) != "docker")
            .Select(p => p.First).ToList();

        appHost.Terminate();
        using var stop = new CancellationTokenSource(StopDeadline);
        await appHost.WaitForExitAsync(stop.Token);

        appHost.ExitCode.Should().Be(0);
        resources.Where(pid => Directory.Exists($"/proc/{pid}")).Select(CommandLine).Should().BeEmpty(
            "the AppHost returns once every resource's process has exited, so Ctrl+C gives the prompt back with nothing left running");
        await WaitUntilGoneAsync(processes, stop.Token);
        appHost.RunFolders().Should().BeEmpty("the data folder goes with the AppHost");
    }

    [Theory]
    [InlineData("ASPNETCORE_URLS")]
    [InlineData("ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL")]
    [InlineData("ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL")]
    public async Task A_taken_dashboard_port_stops_the_AppHost_at_once_with_one_line(string setting)
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        using var appHost = AppHostProcess.Start(output, environment: new() { [setting] = $"http://127.0.0.1:{port}" });
        using var deadline = new CancellationTokenSource(StopDeadline);

        await appHost.WaitForExitAsync(deadline.Token);

        appHost.ExitCode.Should().NotBe(0);
        appHost.Errors.Should().ContainSingle().Which.Should()
            .Contain(port.ToString(CultureInfo.InvariantCulture)).And.Contain(setting).And.Contain("another AppHost");
        appHost.Output.Should().NotContain(l => l.Contains("Running", StringComparison.Ordinal) || l.Contains("Distributed application starting", StringComparison.Ordinal));
        appHost.Orchestrated().Should().BeEmpty("nothing was started");
        appHost.RunFolders().Should().BeEmpty();
    }

    [Fact]
    public async Task Without_PostgreSQL_binaries_the_AppHost_says_what_to_install_and_what_is_not_ready_and_killed_it_leaves_nothing()
    {
        using var appHost = AppHostProcess.Start(output, arguments: ["--Postgres:BinDirectory=/nonexistent"]);
        using var start = new CancellationTokenSource(StartDeadline);

        var last = await appHost.WaitForLineAsync(l => l.StartsWith("ready in ", StringComparison.Ordinal) || l.StartsWith("not ready", StringComparison.Ordinal), start.Token);

        last.Should().MatchRegex("^not ready: [0-9]+ resource\\(s\\) failed after [0-9]+ ms; press Ctrl\\+C to stop$");
        appHost.Output.Should().ContainSingle(l => l.Contains("apt-get install postgresql", StringComparison.Ordinal))
            .Which.Should().Contain("'postgres' cannot start").And.Contain("ConnectionStrings__postgres");
        var summary = Summary(appHost.Output, Resources);
        summary["postgres"].State.Should().Be("FailedToStart");
        summary["lakebase"].State.Should().Be("FailedToStart", "a database ends with its server");
        summary["warehouse"].State.Should().Be("FailedToStart");
        summary["lakebase-api"].State.Should().Be("Waiting", "it waits for a database that may still be started from the dashboard");
        summary["catalog-api"].State.Should().Be("Running (Healthy)", "it does not wait for the database");
        var processes = appHost.Orchestrated();
        processes.Select(CommandLine).Should().NotContain(c => c.Contains("postgres -D ", StringComparison.Ordinal) || c.Contains("Lakebase.Service.dll", StringComparison.Ordinal));

        // An AppHost that dies without a chance to stop anything (SIGKILL) still leaves no resource process behind:
        // DCP watches it and cleans up by itself. (The graceful SIGTERM is the test above.)
        processes.Should().Contain(pid => CommandLine(pid).Contains("Catalog.Service.dll", StringComparison.Ordinal));
        appHost.Kill();
        using var stop = new CancellationTokenSource(StopDeadline);
        await appHost.WaitForExitAsync(stop.Token);

        appHost.ExitCode.Should().Be(137, "128 + SIGKILL");
        await WaitUntilGoneAsync(processes, stop.Token);
        appHost.RunFolders().Should().BeEmpty();
    }

    /// <summary>The summary's resource lines: two spaces, the name, its state, and its first URL, if any.</summary>
    private static Dictionary<string, (string State, string Url)> Summary(IReadOnlyList<string> lines, string[] names) => lines
        .Select(l => SummaryLine().Match(l))
        .Where(m => m.Success && names.Contains(m.Groups["name"].Value))
        .ToDictionary(m => m.Groups["name"].Value, m => (m.Groups["state"].Value.Trim(), m.Groups["url"].Value));

    [GeneratedRegex(@"^  (?<name>[a-z][a-z0-9-]*) +(?<state>Running \(Healthy\)|[A-Za-z]+) *(?<url>\S*)$")]
    private static partial Regex SummaryLine();

    private static string CommandLine(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' ').Trim();
        }
        catch (IOException)
        {
            return "";
        }
    }

    private static async Task WaitUntilGoneAsync(IReadOnlyList<int> pids, CancellationToken cancellationToken)
    {
        // DCP stops the services at once and its own processes within a few seconds of the AppHost's exit.
        while (pids.Where(pid => Directory.Exists($"/proc/{pid}")).ToList() is { Count: > 0 } alive)
        {
            cancellationToken.IsCancellationRequested.Should().BeFalse(
                $"every orchestrated process should stop with the AppHost, but these still run: {string.Join("; ", alive.Select(p => $"{p} {CommandLine(p)}"))}");
            await Task.Delay(100, CancellationToken.None);
        }
    }

    /// <summary>The built AppHost (<c>dotnet AppHost.dll</c> from the AppHost folder, as <c>dotnet run</c> does) with its output captured.</summary>
    private sealed class AppHostProcess : IDisposable
    {
        private readonly Process _process;
        private readonly ITestOutputHelper _output;
        private readonly List<string> _lines = [];
        private readonly List<string> _errors = [];
        private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _waiters = [];

        private AppHostProcess(Process process, ITestOutputHelper output)
        {
            _process = process;
            _output = output;
        }

        public IReadOnlyList<string> Output
        {
            get
            {
                lock (_lines)
                {
                    return [.. _lines];
                }
            }
        }

        public IReadOnlyList<string> Errors
        {
            get
            {
                lock (_lines)
                {
                    return [.. _errors];
                }
            }
        }

        public int ExitCode => _process.ExitCode;

        public static AppHostProcess Start(ITestOutputHelper output, string[]? arguments = null, Dictionary<string, string>? environment = null)
        {
            // The AppHost project's folder, as the Aspire SDK records it in the AppHost assembly.
            var appHostAssembly = typeof(AppHost.LocalServiceExtensions).Assembly;
            var projectDirectory = appHostAssembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "apphostprojectpath").Value!;
            var configuration = appHostAssembly.GetCustomAttribute<AssemblyConfigurationAttribute>()!.Configuration;
            var assembly = Path.Combine(projectDirectory, "bin", configuration, $"net{Environment.Version.Major}.{Environment.Version.Minor}", "AppHost.dll");
            File.Exists(assembly).Should().BeTrue($"the AppHost is built with the tests ({assembly})");

            var startInfo = new ProcessStartInfo("dotnet")
            {
                WorkingDirectory = projectDirectory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            startInfo.ArgumentList.Add(assembly);
            foreach (var argument in arguments ?? [])
            {
                startInfo.ArgumentList.Add(argument);
            }

            // What the http launch profile sets, with port 0 (a free port) instead of the fixed dashboard ports.
            startInfo.Environment["DOTNET_ENVIRONMENT"] = "Development";
            startInfo.Environment["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true";
            startInfo.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
            startInfo.Environment["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = "http://127.0.0.1:0";
            startInfo.Environment["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = "http://127.0.0.1:0";
            foreach (var (name, value) in environment ?? [])
            {
                startInfo.Environment[name] = value;
            }

            var appHost = new AppHostProcess(new Process { StartInfo = startInfo }, output);
            appHost._process.OutputDataReceived += (_, e) => appHost.OnLine(e.Data, error: false);
            appHost._process.ErrorDataReceived += (_, e) => appHost.OnLine(e.Data, error: true);
            appHost._process.Start();
            appHost._process.BeginOutputReadLine();
            appHost._process.BeginErrorReadLine();
            return appHost;
        }

        public async Task<string> WaitForLineAsync(Func<string, bool> match, CancellationToken cancellationToken)
        {
            var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_lines)
            {
                if (_lines.FirstOrDefault(match) is { } line)
                {
                    return line;
                }

                _waiters.Add((match, found));
            }

            var exited = _process.WaitForExitAsync(cancellationToken);
            var first = await Task.WhenAny(found.Task, exited).WaitAsync(cancellationToken);
            if (first == exited && !found.Task.IsCompleted)
            {
                // WaitForExitAsync has also drained the redirected output, so the line will not come.
                found.Task.IsCompleted.Should().BeTrue($"the AppHost exited with code {_process.ExitCode} before printing the awaited line");
            }

            return await found.Task;
        }

        public Task WaitForExitAsync(CancellationToken cancellationToken) => _process.WaitForExitAsync(cancellationToken);

        /// <summary>Ctrl+C as a terminal or a service manager sends it: SIGTERM to the AppHost only.</summary>
        /// <summary>SIGKILL: the AppHost gets no chance to stop anything.</summary>
        public void Kill() => _process.Kill(entireProcessTree: false);

        public void Terminate()
        {
            using var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]);
            kill.WaitForExit();
        }

        /// <summary>
        /// Every process DCP runs for this AppHost: DCP's API server (started with <c>--monitor &lt;AppHost pid&gt;</c>)
        /// and all its descendants (the controllers, the dashboard, the services, PostgreSQL).
        /// </summary>
        public IReadOnlyList<int> Orchestrated()
        {
            var parents = new Dictionary<int, int>();
            foreach (var directory in Directory.EnumerateDirectories("/proc"))
            {
                if (int.TryParse(Path.GetFileName(directory), out var pid) && ParentOf(pid) is { } parent)
                {
                    parents[pid] = parent;
                }
            }

            var monitor = $" --monitor {_process.Id} ";
            var found = parents.Keys.Where(pid => CommandLine(pid).Contains(monitor, StringComparison.Ordinal) && CommandLine(pid).Contains(" start-apiserver ", StringComparison.Ordinal)).ToHashSet();
            for (var added = true; added;)
            {
                added = false;
                foreach (var (pid, parent) in parents)
                {
                    if (found.Contains(parent) && found.Add(pid))
                    {
                        added = true;
                    }
                }
            }

            return [.. found];
        }

        /// <summary>This AppHost's PostgreSQL data folders (their names carry its pid).</summary>
        public IReadOnlyList<string> RunFolders() => [.. Directory.EnumerateDirectories(Path.GetTempPath(), $"hosting-pg-{_process.Id}-*")];

        public void Dispose()
        {
            if (!_process.HasExited)
            {
                // A failed test: DCP monitors the AppHost and cleans up after it.
                _process.Kill();
                _process.WaitForExit(TimeSpan.FromSeconds(10));
            }

            _process.Dispose();
        }

        private void OnLine(string? line, bool error)
        {
            if (line is null)
            {
                return;
            }

            try
            {
                _output.WriteLine(error ? $"! {line}" : line);
            }
            catch (InvalidOperationException)
            {
                // The test has finished.
            }

            lock (_lines)
            {
                (error ? _errors : _lines).Add(line);
                if (!error)
                {
                    foreach (var waiter in _waiters.Where(w => w.Match(line)).ToList())
                    {
                        waiter.Found.TrySetResult(line);
                        _waiters.Remove(waiter);
                    }
                }
            }
        }

        private static int? ParentOf(int pid)
        {
            try
            {
                // "pid (comm) state ppid …"; comm may contain spaces and parentheses, so read after the last ')'.
                var stat = File.ReadAllText($"/proc/{pid}/stat");
                var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                return int.Parse(fields[1], CultureInfo.InvariantCulture);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException)
            {
                return null;
            }
        }
    }
}
