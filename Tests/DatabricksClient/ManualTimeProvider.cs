using System.Collections.Concurrent;

namespace Tests.DatabricksClient;

/// <summary>
/// Time that moves only when told. Timers due sooner than <c>autoFireBelow</c> (retry delays) fire at once and are
/// recorded; longer ones (per-attempt timeouts) fire on <see cref="Advance"/>, and tests can wait for their creation.
/// </summary>
internal sealed class ManualTimeProvider(TimeSpan autoFireBelow) : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _scheduled = [];
    private readonly List<(TimeSpan Due, TaskCompletionSource Signal)> _waiters = [];
    private DateTimeOffset _now = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public ConcurrentQueue<TimeSpan> AutoFiredDelays { get; } = new();

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new ManualTimer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>Completes when a long timer with this due time exists.</summary>
    public Task WaitForTimerAsync(TimeSpan due)
    {
        lock (_gate)
        {
            if (_scheduled.Any(timer => timer.Due == due))
            {
                return Task.CompletedTask;
            }

            var signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((due, signal));
            return signal.Task;
        }
    }

    public void Advance(TimeSpan by)
    {
        List<ManualTimer> due;
        lock (_gate)
        {
            _now += by;
            due = _scheduled.Where(timer => timer.FireAt <= _now).ToList();
            _scheduled.RemoveAll(due.Contains);
        }

        foreach (var timer in due)
        {
            timer.Fire();
        }
    }

    private void Schedule(ManualTimer timer, TimeSpan dueTime)
    {
        List<TaskCompletionSource> signals;
        lock (_gate)
        {
            _scheduled.Remove(timer);
            if (dueTime == Timeout.InfiniteTimeSpan)
            {
                return;
            }

            if (dueTime < autoFireBelow)
            {
                AutoFiredDelays.Enqueue(dueTime);
                ThreadPool.QueueUserWorkItem(_ => timer.Fire());
                return;
            }

            timer.Due = dueTime;
            timer.FireAt = _now + dueTime;
            _scheduled.Add(timer);
            signals = _waiters.Where(waiter => waiter.Due == dueTime).Select(waiter => waiter.Signal).ToList();
            _waiters.RemoveAll(waiter => waiter.Due == dueTime);
        }

        signals.ForEach(signal => signal.TrySetResult());
    }

    private void Unschedule(ManualTimer timer)
    {
        lock (_gate)
        {
            _scheduled.Remove(timer);
        }
    }

    private sealed class ManualTimer(ManualTimeProvider provider, TimerCallback callback, object? state) : ITimer
    {
        public TimeSpan Due { get; set; }

        public DateTimeOffset FireAt { get; set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            provider.Schedule(this, dueTime);
            return true;
        }

        public void Fire() => callback(state);

        public void Dispose() => provider.Unschedule(this);

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
