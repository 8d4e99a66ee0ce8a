using Hosting.ApplicationModel;

namespace Hosting.Orchestration;

/// <summary>Knows how to start, check and stop one kind of resource. The orchestrator owns the states.</summary>
internal abstract class ResourceRunner(IResource resource)
{
    public IResource Resource { get; } = resource;

    public abstract string Type { get; }

    public virtual IReadOnlyList<string> Urls => [];

    /// <summary>Completes with the exit code when the resource's process ends; null for resources without one.</summary>
    public virtual Task<int>? Exited => null;

    public virtual int? Pid => null;

    /// <summary>Starts the resource and returns once it is ready. Throws <see cref="ResourceStartException"/> if it cannot be.</summary>
    public abstract Task StartAsync(CancellationToken cancellationToken);

    public virtual Task<bool> CheckHealthAsync(CancellationToken cancellationToken) => Task.FromResult(true);

    public abstract Task StopAsync();

    /// <summary>Removes what the runner created on disk. Called once, when the application stops.</summary>
    public virtual void Cleanup()
    {
    }
}

/// <summary>A resource could not be started; the message says why, with the last lines of its stderr when it crashed.</summary>
public sealed class ResourceStartException(string message) : Exception(message);
