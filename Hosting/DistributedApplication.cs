using System.Diagnostics;
using Hosting.ApplicationModel;
using Hosting.Dashboard;
using Hosting.Orchestration;
using Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Hosting;

/// <summary>
/// A running (or runnable) topology. <see cref="StartAsync"/> returns once every resource has been launched, without
/// waiting for health; <see cref="RunAsync"/> also prints the ready summary and waits for Ctrl+C or SIGTERM.
/// </summary>
public sealed class DistributedApplication : IHost, IAsyncDisposable
{
    private readonly IHost _host;
    private readonly Stopwatch _sinceCreated;
    private int _stopped;

    internal DistributedApplication(IHost host, Stopwatch sinceCreated)
    {
        _host = host;
        _sinceCreated = sinceCreated;
    }

    public static IDistributedApplicationBuilder CreateBuilder(string[] args) =>
        new DistributedApplicationBuilder(args, TestingHooks.Current);

    public IServiceProvider Services => _host.Services;

    public DistributedApplicationModel Model => Services.GetRequiredService<DistributedApplicationModel>();

    public ResourceNotificationService ResourceNotifications => Services.GetRequiredService<ResourceNotificationService>();

    public ResourceLoggerService ResourceLogs => Services.GetRequiredService<ResourceLoggerService>();

    /// <summary>The dashboard's address, or null when it is off.</summary>
    public Uri? DashboardUrl => Services.GetService<DashboardServer>()?.Url;

    private Orchestrator Orchestrator => Services.GetRequiredService<Orchestrator>();

    public Task StartAsync(CancellationToken cancellationToken = default) => _host.StartAsync(cancellationToken);

    public async Task StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await _host.StopAsync(cancellationToken);
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        await StartAsync(cancellationToken);
        var summary = new StartupSummary(this, _sinceCreated, Console.Out);
        var printing = summary.PrintWhenSettledAsync(cancellationToken);
        await _host.WaitForShutdownAsync(cancellationToken);
        await printing.WaitAsync(TimeSpan.FromMilliseconds(100), CancellationToken.None).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    public void Run() => RunAsync().GetAwaiter().GetResult();

    public Uri GetEndpoint(string resourceName, string endpointName = "http")
    {
        var resource = Model.Resources.FirstOrDefault(r => string.Equals(r.Name, resourceName, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"There is no resource named '{resourceName}'.", nameof(resourceName));
        var endpoint = resource.Annotations.OfType<EndpointAnnotation>().FirstOrDefault(e => e.Name == endpointName)
            ?? throw new ArgumentException($"'{resourceName}' has no endpoint named '{endpointName}'.", nameof(endpointName));
        return endpoint.Url;
    }

    /// <summary>A client whose base address is the resource's endpoint.</summary>
    public HttpClient CreateHttpClient(string resourceName, string endpointName = "http") =>
        new() { BaseAddress = GetEndpoint(resourceName, endpointName) };

    public ValueTask<string?> GetConnectionStringAsync(string resourceName, CancellationToken cancellationToken = default)
    {
        var resource = Model.Resources.OfType<IResourceWithConnectionString>()
            .FirstOrDefault(r => string.Equals(r.Name, resourceName, StringComparison.OrdinalIgnoreCase))
            ?? throw new ArgumentException($"'{resourceName}' is not a resource with a connection string.", nameof(resourceName));
        return ValueTask.FromResult(resource.ConnectionString);
    }

    public Task<ResourceSnapshot> WaitForResourceHealthyAsync(string resourceName, CancellationToken cancellationToken = default) =>
        ResourceNotifications.WaitForHealthyAsync(resourceName, cancellationToken);

    public Task<ResourceSnapshot> WaitForResourceAsync(string resourceName, string state, CancellationToken cancellationToken = default) =>
        ResourceNotifications.WaitForStateAsync(resourceName, state, cancellationToken);

    /// <summary>Waits until every resource is healthy; throws as soon as one of them fails.</summary>
    public Task WaitForAllHealthyAsync(CancellationToken cancellationToken = default) =>
        Task.WhenAll(Model.Resources.Select(r => WaitForResourceHealthyAsync(r.Name, cancellationToken)));

    public Task<LogLine> WaitForLogAsync(string resourceName, string text, CancellationToken cancellationToken = default) =>
        ResourceLogs.WaitForLogAsync(resourceName, text, cancellationToken);

    /// <summary>Stops one resource gracefully (PostgreSQL keeps its data) and leaves the others running.</summary>
    public Task StopResourceAsync(string resourceName, CancellationToken cancellationToken = default) =>
        Orchestrator.StopResourceAsync(resourceName, cancellationToken);

    /// <summary>Starts a stopped resource again on the same port and returns once it is healthy.</summary>
    public Task StartResourceAsync(string resourceName, CancellationToken cancellationToken = default) =>
        Orchestrator.StartResourceAsync(resourceName, cancellationToken);

    /// <summary>The environment a project resource's process was started with.</summary>
    public IReadOnlyDictionary<string, string> GetResourceEnvironment(string resourceName) => Orchestrator.GetEnvironment(resourceName);

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_host is IAsyncDisposable asyncDisposable)
        {
            await asyncDisposable.DisposeAsync();
        }
        else
        {
            _host.Dispose();
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
