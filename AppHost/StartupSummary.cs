using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace AppHost;

/// <summary>What <c>dotnet run --project AppHost</c> prints around start-up, beside Aspire's own log lines.</summary>
public static class StartupSummary
{
    /// <summary>
    /// Once every resource is healthy, has failed, or waits on one that failed, prints one line per resource with its
    /// state and URL, then <c>ready in N ms</c> counted from the start of this process (or <c>not ready: …</c>).
    /// </summary>
    public static IDistributedApplicationBuilder PrintStartupSummary(this IDistributedApplicationBuilder builder)
    {
        if (!builder.ExecutionContext.IsRunMode || builder.IsTestRun())
        {
            return builder;
        }

        var configuredDashboard = builder.Configuration["ASPNETCORE_URLS"]?.Split(';')[0];
        // Not AfterResourcesCreatedEvent: Aspire publishes it only once every WaitFor has ended, which never happens
        // when a dependency fails under the dashboard's default wait behaviour (wait until it is restarted).
        builder.Eventing.Subscribe<BeforeStartEvent>((@event, cancellationToken) =>
        {
            var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
            var stopping = @event.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            var showDashboard = @event.Services.GetService<DistributedApplicationOptions>() is { DisableDashboard: false };
            _ = PrintWhenSettledAsync(notifications, @event.Model, showDashboard, configuredDashboard, Console.Out, stopping);
            return Task.CompletedTask;
        });
        return builder;
    }

    private static async Task PrintWhenSettledAsync(
        ResourceNotificationService notifications, DistributedApplicationModel model, bool showDashboard, string? configuredDashboard,
        TextWriter output, CancellationToken cancellationToken)
    {
        try
        {
            var latest = new Dictionary<string, ResourceEvent>(StringComparer.Ordinal);
            List<IResource> listed = [];
            await foreach (var resourceEvent in notifications.WatchAsync(cancellationToken))
            {
                latest[resourceEvent.Resource.Name] = resourceEvent;
                // Read the model here rather than at BeforeStartEvent, when other handlers may still be adding to it.
                listed = model.Resources.Where(AppResources.IsAppResource).ToList();
                if (listed.All(r => latest.ContainsKey(r.Name) && IsSettled(r, latest, depth: 0)))
                {
                    break;
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            var elapsed = (long)(DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds;

            var width = listed.Max(r => r.Name.Length);
            foreach (var resource in listed.Select(r => latest[r.Name]))
            {
                var snapshot = resource.Snapshot;
                var state = IsHealthy(resource) ? "Running (Healthy)" : snapshot.State?.Text ?? "Unknown";
                var url = snapshot.Urls.FirstOrDefault(u => !u.IsInternal)?.Url ?? "";
                await output.WriteLineAsync($"  {resource.Resource.Name.PadRight(width)}  {state,-17}  {url}".TrimEnd());
            }

            if (showDashboard && DashboardUrl(model, configuredDashboard) is { } dashboard)
            {
                await output.WriteLineAsync($"  dashboard: {dashboard}");
            }

            var failed = listed.Count(r => !IsHealthy(latest[r.Name]));
            await output.WriteLineAsync(failed == 0
                ? $"ready in {elapsed} ms"
                : $"not ready: {failed} resource(s) failed after {elapsed} ms; press Ctrl+C to stop");
        }
        catch (OperationCanceledException)
        {
            // Stopped before everything settled.
        }
    }

    // The address the dashboard really listens on: the configured one, or the port DCP chose for ":0".
    private static string? DashboardUrl(DistributedApplicationModel model, string? configured)
    {
        if (model.Resources.FirstOrDefault(r => r.Name == AppResources.DashboardResourceName) is IResourceWithEndpoints dashboard)
        {
            foreach (var name in (string[])["https", "http"])
            {
                var endpoint = dashboard.GetEndpoint(name);
                if (endpoint.Exists && endpoint.IsAllocated)
                {
                    return endpoint.Url;
                }
            }
        }

        return configured;
    }

    private static bool IsHealthy(ResourceEvent resource) =>
        resource.Snapshot.State?.Text == KnownResourceStates.Running && resource.Snapshot.HealthStatus == HealthStatus.Healthy;

    private static bool IsTerminal(ResourceEvent resource) => KnownResourceStates.TerminalStates.Contains(resource.Snapshot.State?.Text);

    /// <summary>Healthy, ended, or unable to go on because what it waits for (or its parent) ended without being healthy.</summary>
    private static bool IsSettled(IResource resource, Dictionary<string, ResourceEvent> latest, int depth) =>
        latest.TryGetValue(resource.Name, out var current) && (IsHealthy(current) || IsTerminal(current) || IsBlocked(resource, latest, depth));

    private static bool IsBlocked(IResource resource, Dictionary<string, ResourceEvent> latest, int depth)
    {
        if (depth > 32)
        {
            return false; // A cycle of waits, which Aspire rejects anyway.
        }

        var dependencies = resource.Annotations.OfType<WaitAnnotation>().Select(w => w.Resource);
        if (resource is IResourceWithParent { Parent: { } parent })
        {
            dependencies = dependencies.Append(parent);
        }

        return dependencies.Any(d => latest.TryGetValue(d.Name, out var state) && !IsHealthy(state)
            && (IsTerminal(state) || IsBlocked(d, latest, depth + 1)));
    }
}
