namespace Hosting.ApplicationModel;

/// <summary>The life-cycle states of Aspire's <c>KnownResourceStates</c> that this orchestrator uses.</summary>
public static class KnownResourceStates
{
    public const string NotStarted = "NotStarted";
    public const string Waiting = "Waiting";
    public const string Starting = "Starting";
    public const string Running = "Running";
    public const string Stopping = "Stopping";
    public const string Exited = "Exited";
    public const string FailedToStart = "FailedToStart";

    public static bool IsTerminal(string state) => state is Exited or FailedToStart;
}

public enum HealthStatus
{
    Unhealthy,
    Healthy,
}

/// <summary>An immutable view of one resource at one moment.</summary>
public sealed record ResourceSnapshot(
    string Name,
    string Type,
    string State,
    HealthStatus? Health,
    IReadOnlyList<string> Urls,
    int? Pid,
    int? ExitCode,
    string? Error,
    int Restarts)
{
    public bool IsHealthy => State == KnownResourceStates.Running && Health == HealthStatus.Healthy;
}
