using System.Globalization;
using Microsoft.Extensions.DependencyInjection;

namespace Benchmarks;

/// <summary>What the benchmarks need from a running Aspire app, on top of Aspire.Hosting.Testing.</summary>
internal static class AppResources
{
    /// <summary>The resources the app runs: its parameters, hidden ones (the project rebuilders) and explicitly started ones left out.</summary>
    public static IReadOnlyList<IResource> RunningResources(this DistributedApplication app) =>
        app.Services.GetRequiredService<DistributedApplicationModel>().Resources
            .Where(r => r is not ParameterResource
                && !r.HasAnnotationOfType<ExplicitStartupAnnotation>()
                && !(r.TryGetLastAnnotation<ResourceSnapshotAnnotation>(out var snapshot) && snapshot.InitialSnapshot.IsHidden))
            .ToList();

    public static Task WaitForAllHealthyAsync(this DistributedApplication app, CancellationToken cancellationToken) =>
        Task.WhenAll(app.RunningResources().Select(r => app.ResourceNotifications.WaitForResourceHealthyAsync(r.Name, cancellationToken)));

    /// <summary>The process id of a running executable or project resource.</summary>
    public static async Task<int> GetPidAsync(this DistributedApplication app, string resource, CancellationToken cancellationToken)
    {
        var snapshot = (await app.ResourceNotifications.WaitForResourceAsync(resource, _ => true, cancellationToken)).Snapshot;
        var pid = snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value
            ?? throw new InvalidOperationException($"'{resource}' has no process.");
        return Convert.ToInt32(pid, CultureInfo.InvariantCulture);
    }
}
