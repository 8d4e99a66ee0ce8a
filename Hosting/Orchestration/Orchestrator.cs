using Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hosting.Orchestration;

/// <summary>
/// Starts every resource once its <c>WaitFor</c> dependencies are healthy, watches health and exits, and stops
/// everything gracefully: projects first, in parallel, then the servers they used.
/// </summary>
internal sealed partial class Orchestrator(
    DistributedApplicationModel model,
    ResourceNotificationService notifications,
    ResourceLoggerService logs,
    PortAllocator ports,
    IConfiguration configuration,
    IHostEnvironment hostEnvironment,
    OtlpSettings otlp,
    ILogger<Orchestrator> logger) : IHostedService, IDisposable
{
    private static readonly TimeSpan HealthyPollInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan UnhealthyPollInterval = TimeSpan.FromMilliseconds(100);

    private readonly HttpClient _healthClient = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromSeconds(30) })
    {
        Timeout = TimeSpan.FromSeconds(2),
    };

    private readonly CancellationTokenSource _stopping = new();
    private readonly Dictionary<string, ResourceRun> _runs = new(StringComparer.OrdinalIgnoreCase);
    private Task? _stopped;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var server in model.Resources.OfType<PostgresServerResource>())
        {
            server.ExternalConnectionString = configuration.GetConnectionString(server.Name);
        }

        foreach (var endpoint in model.Resources.SelectMany(r => r.Annotations.OfType<EndpointAnnotation>()))
        {
            endpoint.Port = ports.Next();
        }

        foreach (var resource in model.Resources)
        {
            var runner = CreateRunner(resource);
            if (runner is ProcessRunner process)
            {
                process.ProcessStarted = pid => Publish(resource.Name, s => s with { Pid = pid });
            }

            _runs[resource.Name] = new ResourceRun(runner);
            notifications.Register(new ResourceSnapshot(resource.Name, runner.Type, KnownResourceStates.NotStarted, null, [], null, null, null, 0));
        }

        foreach (var run in _runs.Values)
        {
            run.Lifecycle = Task.Run(() => RunAsync(run, waitForDependencies: true), CancellationToken.None);
        }

        return Task.CompletedTask;
    }

    // The host calls this once for Ctrl+C and again on dispose; the second call joins the first.
    public Task StopAsync(CancellationToken cancellationToken)
    {
        lock (_runs)
        {
            return _stopped ??= StopAllAsync();
        }
    }

    private async Task StopAllAsync()
    {
        // Lifecycles end first, so that no process can be launched after the stop pass below has looked at it.
        await _stopping.CancelAsync();
        await Task.WhenAll(_runs.Values.Select(r => r.Lifecycle.ContinueWith(_ => { }, TaskScheduler.Default)));
        var processes = _runs.Values.Where(r => r.Runner is ProcessRunner).ToList();
        await Task.WhenAll(processes.Where(r => r.Runner is ProjectRunner).Select(StopRunAsync));
        await Task.WhenAll(processes.Where(r => r.Runner is not ProjectRunner).Select(StopRunAsync));
        foreach (var run in _runs.Values)
        {
            run.Runner.Cleanup();
        }
    }

    public IReadOnlyDictionary<string, string> GetEnvironment(string name) =>
        Run(name).Runner is ProjectRunner project
            ? project.Environment
            : throw new ArgumentException($"'{name}' is not a project resource.", nameof(name));

    public async Task StopResourceAsync(string name, CancellationToken cancellationToken)
    {
        var run = Run(name);
        await run.Gate.WaitAsync(cancellationToken);
        try
        {
            await StopRunAsync(run);
        }
        finally
        {
            run.Gate.Release();
        }
    }

    public async Task StartResourceAsync(string name, CancellationToken cancellationToken)
    {
        var run = Run(name);
        await run.Gate.WaitAsync(cancellationToken);
        try
        {
            var state = notifications.Get(name).State;
            if (!KnownResourceStates.IsTerminal(state))
            {
                throw new InvalidOperationException($"'{name}' is {state}; only a stopped resource can be started.");
            }

            // Published here, not in the lifecycle, so that the wait below never sees the old terminal state.
            Publish(name, s => s with { State = KnownResourceStates.Starting, Health = null, ExitCode = null, Error = null });
            run.Lifecycle = Task.Run(() => RunAsync(run, waitForDependencies: false), CancellationToken.None);
        }
        finally
        {
            run.Gate.Release();
        }

        await notifications.WaitForHealthyAsync(name, cancellationToken);
    }

    private ResourceRun Run(string name) => _runs.TryGetValue(name, out var run)
        ? run
        : throw new ArgumentException($"There is no resource named '{name}'.", nameof(name));

    private ResourceRunner CreateRunner(IResource resource) => resource switch
    {
        ProjectResource project => new ProjectRunner(project, logs, ports, _healthClient, hostEnvironment, otlp),
        PostgresServerResource { ExternalConnectionString: not null } server => new ExternalPostgresRunner(server),
        PostgresServerResource server => new PostgresServerRunner(server, logs, ports, configuration),
        PostgresDatabaseResource database => new PostgresDatabaseRunner(database),
        _ => throw new NotSupportedException($"No runner for resources of type {resource.GetType().Name}."),
    };

    private async Task RunAsync(ResourceRun run, bool waitForDependencies)
    {
        var resource = run.Runner.Resource;
        var name = resource.Name;
        run.Monitor?.Dispose();
        run.Monitor = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        var token = run.Monitor.Token;
        try
        {
            if (waitForDependencies && Dependencies(resource).ToList() is { Count: > 0 } dependencies)
            {
                Publish(name, s => s with { State = KnownResourceStates.Waiting });
                foreach (var dependency in dependencies)
                {
                    logs.Write(name, $"[hosting] Waiting for resource '{dependency.Name}' to be healthy.");
                    try
                    {
                        await notifications.WaitForHealthyAsync(dependency.Name, token);
                    }
                    catch (DistributedApplicationException)
                    {
                        Fail(run, $"Dependency resource '{dependency.Name}' failed to start.");
                        return;
                    }
                }
            }

            Publish(name, s => s with { State = KnownResourceStates.Starting, Health = null, ExitCode = null, Error = null });
            await run.Runner.StartAsync(token);
            Publish(name, s => s with
            {
                State = KnownResourceStates.Running,
                Health = HealthStatus.Healthy,
                Pid = run.Runner.Pid,
                Urls = run.Runner.Urls,
            });
            LogRunning(name);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return;
        }
        catch (Exception e) when (e is DistributedApplicationException or ResourceStartException or Postgres.PostgresNotFoundException)
        {
            Fail(run, e.Message);
            return;
        }
        catch (Exception e)
        {
            Fail(run, $"'{name}' failed to start: {e.Message}");
            return;
        }

        await MonitorAsync(run, token);
    }

    private void Fail(ResourceRun run, string error)
    {
        Publish(run.Runner.Resource.Name, s => s with { State = KnownResourceStates.FailedToStart, Health = null, Error = error, Pid = run.Runner.Pid });
        logs.Write(run.Runner.Resource.Name, $"[hosting] {error}", isError: true);
        LogFailedToStart(run.Runner.Resource.Name, error);
    }

    private async Task MonitorAsync(ResourceRun run, CancellationToken token)
    {
        var name = run.Runner.Resource.Name;
        var healthy = true;
        try
        {
            while (true)
            {
                var delay = Task.Delay(healthy ? HealthyPollInterval : UnhealthyPollInterval, token);
                if (run.Runner.Exited is { } exited && await Task.WhenAny(exited, delay) == exited)
                {
                    var exitCode = await exited;
                    Publish(name, s => s with { State = KnownResourceStates.Exited, Health = null, ExitCode = exitCode });
                    logs.Write(name, $"[hosting] The process exited unexpectedly with code {exitCode}.", isError: true);
                    LogExited(name, exitCode);
                    return;
                }

                await delay;
                var nowHealthy = await run.Runner.CheckHealthAsync(token);
                if (nowHealthy != healthy)
                {
                    healthy = nowHealthy;
                    Publish(name, s => s with { Health = healthy ? HealthStatus.Healthy : HealthStatus.Unhealthy });
                }
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task StopRunAsync(ResourceRun run)
    {
        var name = run.Runner.Resource.Name;
        var state = notifications.Get(name).State;
        if (KnownResourceStates.IsTerminal(state) || state == KnownResourceStates.NotStarted)
        {
            return;
        }

        if (run.Monitor is not null)
        {
            await run.Monitor.CancelAsync();
        }

        Publish(name, s => s with { State = KnownResourceStates.Stopping });
        await run.Runner.StopAsync();
        var exitCode = run.Runner.Exited is { IsCompleted: true } exited ? await exited : (int?)null;
        Publish(name, s => s with { State = KnownResourceStates.Exited, Health = null, ExitCode = exitCode });
    }

    private static IEnumerable<IResource> Dependencies(IResource resource)
    {
        var waits = resource.Annotations.OfType<WaitAnnotation>().Select(w => w.Dependency);
        return resource is IResourceWithParent child ? waits.Prepend(child.Parent).Distinct() : waits.Distinct();
    }

    private void Publish(string name, Func<ResourceSnapshot, ResourceSnapshot> update)
    {
        notifications.Publish(name, s =>
        {
            var next = update(s);
            return next.State == KnownResourceStates.Starting && s.State is KnownResourceStates.Exited or KnownResourceStates.FailedToStart
                ? next with { Restarts = s.Restarts + 1 }
                : next;
        });
    }

    public void Dispose()
    {
        _healthClient.Dispose();
        _stopping.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Resource {Resource} is running")]
    private partial void LogRunning(string resource);

    [LoggerMessage(Level = LogLevel.Error, Message = "Resource {Resource} failed to start: {Error}")]
    private partial void LogFailedToStart(string resource, string error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Resource {Resource} exited unexpectedly with code {ExitCode}")]
    private partial void LogExited(string resource, int exitCode);

    private sealed class ResourceRun(ResourceRunner runner)
    {
        public ResourceRunner Runner { get; } = runner;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public Task Lifecycle { get; set; } = Task.CompletedTask;

        public CancellationTokenSource? Monitor { get; set; }
    }
}
