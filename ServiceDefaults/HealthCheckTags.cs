namespace ServiceDefaults;

/// <summary>Tags that decide which health endpoint runs a check.</summary>
public static class HealthCheckTags
{
    /// <summary>Checks that <c>/alive</c> runs: the process itself, never a dependency.</summary>
    public const string Live = "live";

    /// <summary>Checks of dependencies a service needs to do its work; only <c>/health</c> runs them.</summary>
    public const string Ready = "ready";
}
