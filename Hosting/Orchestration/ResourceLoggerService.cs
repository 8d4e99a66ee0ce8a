using System.Collections.Concurrent;

namespace Hosting.Orchestration;

/// <summary>One console line of a resource: its stdout, its stderr, or a line the orchestrator wrote for it.</summary>
public sealed record LogLine(string Resource, long Number, DateTimeOffset Timestamp, string Text, bool IsError);

/// <summary>Keeps the recent console lines of every resource and lets callers follow or wait for them.</summary>
public sealed class ResourceLoggerService
{
    private const int MaxLinesPerResource = 10_000;
    private readonly ConcurrentDictionary<string, ResourceLog> _logs = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Raised for every new line, on the thread that read it.</summary>
    public event Action<LogLine>? LineWritten;

    public IReadOnlyList<LogLine> GetLines(string resource) => LogOf(resource).Snapshot();

    public void Write(string resource, string text, bool isError = false)
    {
        var line = LogOf(resource).Append(text, isError);
        LineWritten?.Invoke(line);
    }

    /// <summary>Waits until a line of <paramref name="resource"/> contains <paramref name="text"/> (ordinal), old lines included.</summary>
    public async Task<LogLine> WaitForLogAsync(string resource, string text, CancellationToken cancellationToken = default)
    {
        var found = new TaskCompletionSource<LogLine>(TaskCreationOptions.RunContinuationsAsynchronously);
        void OnLine(LogLine line)
        {
            if (string.Equals(line.Resource, resource, StringComparison.OrdinalIgnoreCase) && line.Text.Contains(text, StringComparison.Ordinal))
            {
                found.TrySetResult(line);
            }
        }

        LineWritten += OnLine;
        try
        {
            var existing = GetLines(resource).FirstOrDefault(l => l.Text.Contains(text, StringComparison.Ordinal));
            return existing ?? await found.Task.WaitAsync(cancellationToken);
        }
        finally
        {
            LineWritten -= OnLine;
        }
    }

    private ResourceLog LogOf(string resource) => _logs.GetOrAdd(resource, name => new ResourceLog(name));

    private sealed class ResourceLog(string resource)
    {
        private readonly Queue<LogLine> _lines = new();
        private readonly Lock _gate = new();
        private long _count;

        public LogLine Append(string text, bool isError)
        {
            lock (_gate)
            {
                var line = new LogLine(resource, ++_count, DateTimeOffset.UtcNow, text, isError);
                _lines.Enqueue(line);
                if (_lines.Count > MaxLinesPerResource)
                {
                    _lines.Dequeue();
                }

                return line;
            }
        }

        public LogLine[] Snapshot()
        {
            lock (_gate)
            {
                return [.. _lines];
            }
        }
    }
}
