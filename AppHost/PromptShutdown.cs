using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AppHost;

/// <summary>
/// Ctrl+C or SIGTERM on <c>dotnet run --project AppHost</c> returns as soon as every resource's process has exited.
/// Waiting for DCP to report its cleanup instead (<c>DcpPublisher:WaitForResourceCleanup</c>) added more than a second
/// here: DCP learns that a process has exited only at its next once-a-second look, and the AppHost exited 2.4 s after
/// SIGTERM while the last resource had gone at 1.0 s. Test runs keep DCP's report.
/// </summary>
public static class PromptShutdown
{
    private const string WaitForResourceCleanupSetting = "DcpPublisher:WaitForResourceCleanup";

    /// <summary>Call before the resources are added: <c>Hosting/</c> asks for DCP's report only where nobody has chosen.</summary>
    public static IDistributedApplicationBuilder WithPromptShutdown(this IDistributedApplicationBuilder builder)
    {
        if (!builder.ExecutionContext.IsRunMode || builder.IsTestRun())
        {
            return builder;
        }

        builder.Configuration[WaitForResourceCleanupSetting] ??= "false";
        builder.Services.AddHostedService<ResourceProcessWatcher>();
        return builder;
    }
}

/// <summary>Notes each resource's process as DCP starts it, and holds the AppHost's exit until all of them have gone.</summary>
internal sealed class ResourceProcessWatcher(ResourceNotificationService notifications, IHostApplicationLifetime lifetime) : BackgroundService
{
    /// <summary>DCP gives a process 6 s after SIGTERM before it kills it.</summary>
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, int> _processes = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        lifetime.ApplicationStopped.Register(WaitForProcessesToExit);
        try
        {
            await foreach (var resourceEvent in notifications.WatchAsync(stoppingToken))
            {
                if (resourceEvent.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value is { } pid)
                {
                    _processes[resourceEvent.ResourceId] = Convert.ToInt32(pid, CultureInfo.InvariantCulture);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the processes noted so far are the ones to wait for.
        }
    }

    private void WaitForProcessesToExit()
    {
        var deadline = Stopwatch.StartNew();
        while (_processes.Values.Any(IsRunning) && deadline.Elapsed < ExitTimeout)
        {
            Thread.Sleep(20);
        }
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }
}
