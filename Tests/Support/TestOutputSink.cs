using Xunit.Abstractions;

namespace Tests.Support;

/// <summary>
/// Routes lines to the output of every test that is running now (topology test classes run side by side, and a
/// resource's console line does not say which test caused it); lines written while no test is attached (start-up)
/// go to the next test that attaches.
/// </summary>
public sealed class TestOutputSink
{
    private const int MaxPendingLines = 2_000;
    private readonly Lock _gate = new();
    private readonly Queue<string> _pending = new();
    private readonly List<ITestOutputHelper> _attached = [];

    public IDisposable Attach(ITestOutputHelper output)
    {
        lock (_gate)
        {
            _attached.Add(output);
            while (_pending.TryDequeue(out var line))
            {
                TryWrite(output, line);
            }
        }

        return new Detach(this, output);
    }

    public void WriteLine(string line)
    {
        lock (_gate)
        {
            var written = false;
            foreach (var output in _attached)
            {
                written |= TryWrite(output, line);
            }

            if (!written)
            {
                _pending.Enqueue(line);
                if (_pending.Count > MaxPendingLines)
                {
                    _pending.Dequeue();
                }
            }
        }
    }

    private static bool TryWrite(ITestOutputHelper output, string line)
    {
        try
        {
            output.WriteLine(line);
            return true;
        }
        catch (InvalidOperationException)
        {
            // That test has finished.
            return false;
        }
    }

    private sealed class Detach(TestOutputSink sink, ITestOutputHelper output) : IDisposable
    {
        public void Dispose()
        {
            lock (sink._gate)
            {
                sink._attached.Remove(output);
            }
        }
    }
}
