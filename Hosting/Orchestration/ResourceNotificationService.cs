using System.Collections.Concurrent;
using Hosting.ApplicationModel;

namespace Hosting.Orchestration;

/// <summary>Holds the latest snapshot of every resource and lets callers wait for a condition on one.</summary>
public sealed class ResourceNotificationService
{
    private readonly ConcurrentDictionary<string, ResourceSnapshot> _snapshots = new(StringComparer.OrdinalIgnoreCase);
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = NewSignal();

    public event Action<ResourceSnapshot>? Changed;

    public IReadOnlyList<ResourceSnapshot> Snapshots => [.. _snapshots.Values.OrderBy(s => s.Name, StringComparer.Ordinal)];

    public ResourceSnapshot Get(string name) => _snapshots.TryGetValue(name, out var snapshot)
        ? snapshot
        : throw new ArgumentException($"There is no resource named '{name}'.", nameof(name));

    internal void Publish(string name, Func<ResourceSnapshot, ResourceSnapshot> update)
    {
        ResourceSnapshot next;
        TaskCompletionSource changed;
        lock (_gate)
        {
            next = update(Get(name));
            _snapshots[name] = next;
            changed = _changed;
            _changed = NewSignal();
        }

        changed.TrySetResult();
        Changed?.Invoke(next);
    }

    internal void Register(ResourceSnapshot initial) => _snapshots[initial.Name] = initial;

    /// <summary>Waits until the resource's snapshot satisfies <paramref name="predicate"/>.</summary>
    public async Task<ResourceSnapshot> WaitForAsync(string name, Func<ResourceSnapshot, bool> predicate, CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
            }

            var snapshot = Get(name);
            if (predicate(snapshot))
            {
                return snapshot;
            }

            await changed.WaitAsync(cancellationToken);
        }
    }

    public Task<ResourceSnapshot> WaitForStateAsync(string name, string state, CancellationToken cancellationToken = default) =>
        WaitForAsync(name, s => s.State == state, cancellationToken);

    /// <summary>
    /// Waits until the resource is Running and Healthy. Throws <see cref="DistributedApplicationException"/> as soon as it
    /// fails to start or exits, instead of waiting forever.
    /// </summary>
    public async Task<ResourceSnapshot> WaitForHealthyAsync(string name, CancellationToken cancellationToken = default)
    {
        var snapshot = await WaitForAsync(name, s => s.IsHealthy || KnownResourceStates.IsTerminal(s.State), cancellationToken);
        return snapshot.IsHealthy
            ? snapshot
            : throw new DistributedApplicationException(
                $"Resource '{name}' entered the '{snapshot.State}' state instead of becoming healthy.{(snapshot.Error is null ? "" : " " + snapshot.Error)}");
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
