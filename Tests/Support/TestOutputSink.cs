using Xunit.Abstractions;

namespace Tests.Support;

/// <summary>
/// Routes lines to the output of the test that is running now. A collection runs its tests one at a time, so
/// "now" is well defined; lines written while no test is attached (start-up) go to the next test that attaches.
/// </summary>
public sealed class TestOutputSink
{
    private const int MaxPendingLines = 2_000;
    private readonly Lock _gate = new();
    private readonly Queue<string> _pending = new();
    private ITestOutputHelper? _current;

    public IDisposable Attach(ITestOutputHelper output)
    {
        lock (_gate)
        {
            _current = output;
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
            if (_current is null || !TryWrite(_current, line))
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
                if (ReferenceEquals(sink._current, output))
                {
                    sink._current = null;
                }
            }
        }
    }
}
