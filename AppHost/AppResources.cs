namespace AppHost;

/// <summary>The resources the app itself runs, as the summary, the tests and the benchmarks count them.</summary>
public static class AppResources
{
    internal const string DashboardResourceName = "aspire-dashboard";

    /// <summary>
    /// True for what the AppHost declares; false for parameters, the dashboard and the hidden rebuilders Aspire adds for
    /// each project (they start only on request).
    /// </summary>
    public static bool IsAppResource(this IResource resource) =>
        resource is not ParameterResource &&
        !resource.HasAnnotationOfType<ExplicitStartupAnnotation>() &&
        !(resource.TryGetLastAnnotation<ResourceSnapshotAnnotation>(out var snapshot) && snapshot.InitialSnapshot.IsHidden) &&
        resource.Name != DashboardResourceName;
}
