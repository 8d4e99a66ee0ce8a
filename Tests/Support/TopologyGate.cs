namespace Tests.Support;

/// <summary>
/// Lets topology tests run side by side, except those that change what every caller sees (stopping PostgreSQL, a
/// fault for every caller), which run alone. A waiting exclusive test stops new tests from entering, so it is not
/// starved; it then waits only for the tests already running.
/// </summary>
public sealed class TopologyGate
{
    private readonly SemaphoreSlim _turnstile = new(1, 1);
    private readonly SemaphoreSlim _room = new(1, 1);
    private readonly SemaphoreSlim _count = new(1, 1);
    private int _inside;

    public async Task<IDisposable> EnterAsync(bool exclusive)
    {
        if (exclusive)
        {
            await _turnstile.WaitAsync();
            await _room.WaitAsync();
            return new Exit(() =>
            {
                _room.Release();
                _turnstile.Release();
            });
        }

        await _turnstile.WaitAsync();
        _turnstile.Release();
        await _count.WaitAsync();
        try
        {
            if (++_inside == 1)
            {
                await _room.WaitAsync();
            }
        }
        finally
        {
            _count.Release();
        }

        return new Exit(LeaveShared);
    }

    private void LeaveShared()
    {
        _count.Wait();
        try
        {
            if (--_inside == 0)
            {
                _room.Release();
            }
        }
        finally
        {
            _count.Release();
        }
    }

    private sealed class Exit(Action leave) : IDisposable
    {
        private int _left;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _left, 1) == 0)
            {
                leave();
            }
        }
    }
}
