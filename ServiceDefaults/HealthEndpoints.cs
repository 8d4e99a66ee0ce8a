using Microsoft.AspNetCore.Http;

namespace ServiceDefaults;

internal static class HealthEndpoints
{
    public const string HealthPath = "/health";
    public const string AlivePath = "/alive";

    /// <summary>Probes arrive every few seconds; tracing them would bury the traces that matter.</summary>
    public static bool IsProbe(PathString path) =>
        path.StartsWithSegments(HealthPath, StringComparison.OrdinalIgnoreCase)
        || path.StartsWithSegments(AlivePath, StringComparison.OrdinalIgnoreCase);
}
