using System.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace AppHost;

/// <summary>What <c>dotnet run --project AppHost</c> prints around start-up, beside Aspire's own log lines.</summary>
public static class StartupSummary
{
    private const string DashboardResourceName = "aspire-dashboard";

    /// <summary>
    /// Once every resource is healthy (or has failed), prints one line per resource with its state and URL, then
    /// <c>ready in N ms</c> counted from the start of this process.
    /// </summary>
    public static IDistributedApplicationBuilder PrintStartupSummary(this IDistributedApplicationBuilder builder, TextWriter? output = null)
    {
        if (!builder.ExecutionContext.IsRunMode || builder.IsTestRun())
        {
            return builder;
        }

        output ??= Console.Out;
        var dashboard = builder.Configuration["ASPNETCORE_URLS"]?.Split(';')[0];
        builder.Eventing.Subscribe<AfterResourcesCreatedEvent>((@event, cancellationToken) =>
        {
            var names = @event.Model.Resources
                .Where(IsListed)
                .Select(r => r.Name)
                .ToList();
            var notifications = @event.Services.GetRequiredService<ResourceNotificationService>();
            var stopping = @event.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
            _ = PrintWhenSettledAsync(notifications, names, @event.Services.GetService<DistributedApplicationOptions>() is { DisableDashboard: false } ? dashboard : null, output, stopping);
            return Task.CompletedTask;
        });
        return builder;
    }

    private static async Task PrintWhenSettledAsync(ResourceNotificationService notifications, List<string> names, string? dashboard, TextWriter output, CancellationToken cancellationToken)
    {
        try
        {
            var settled = await Task.WhenAll(names.Select(name => notifications.WaitForResourceAsync(name, IsSettled, cancellationToken)));
            var elapsed = (long)(DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds;

            var width = names.Max(n => n.Length);
            foreach (var resource in settled)
            {
                var snapshot = resource.Snapshot;
                var state = IsHealthy(resource) ? "Running (Healthy)" : snapshot.State?.Text ?? "Unknown";
                var url = snapshot.Urls.FirstOrDefault(u => !u.IsInternal)?.Url ?? "";
                await output.WriteLineAsync($"  {resource.Resource.Name.PadRight(width)}  {state,-17}  {url}".TrimEnd());
            }

            if (dashboard is not null)
            {
                await output.WriteLineAsync($"  dashboard: {dashboard}");
            }

            var failed = settled.Count(r => !IsHealthy(r));
            await output.WriteLineAsync(failed == 0
                ? $"ready in {elapsed} ms"
                : $"not ready: {failed} resource(s) failed after {elapsed} ms; press Ctrl+C to stop");
        }
        catch (OperationCanceledException)
        {
            // Stopped before everything settled.
        }
    }

    // Parameters, the dashboard itself and the hidden rebuilders of projects are not the app's resources.
    private static bool IsListed(IResource resource) =>
        resource is not ParameterResource &&
        !resource.HasAnnotationOfType<ExplicitStartupAnnotation>() &&
        !(resource.TryGetLastAnnotation<ResourceSnapshotAnnotation>(out var snapshot) && snapshot.InitialSnapshot.IsHidden) &&
        resource.Name != DashboardResourceName;

    private static bool IsHealthy(ResourceEvent resource) =>
        resource.Snapshot.State?.Text == KnownResourceStates.Running && resource.Snapshot.HealthStatus == HealthStatus.Healthy;

    private static bool IsSettled(ResourceEvent resource) =>
        IsHealthy(resource) || KnownResourceStates.TerminalStates.Contains(resource.Snapshot.State?.Text);
}
