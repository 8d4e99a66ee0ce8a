using MockDatabricks.Model;

namespace MockDatabricks.Services;

/// <summary>The recent requests the workspace APIs received, newest last, bounded.</summary>
public sealed class RequestJournal
{
    // Large enough that a test reading its own requests back finds them while other tests run beside it.
    public const int Capacity = 20_000;
    private readonly LinkedList<(string? Area, JournalEntry Entry)> _entries = new();
    private readonly Lock _lock = new();

    public void Record(string? area, JournalEntry entry)
    {
        lock (_lock)
        {
            _entries.AddLast((area, entry));
            if (_entries.Count > Capacity)
            {
                _entries.RemoveFirst();
            }
        }
    }

    public IReadOnlyList<JournalEntry> Recent(string? area, string? userName, int limit)
    {
        lock (_lock)
        {
            return _entries.Reverse()
                .Where(e => string.IsNullOrEmpty(area) || e.Area == area)
                .Where(e => string.IsNullOrEmpty(userName) || string.Equals(e.Entry.UserName, userName, StringComparison.OrdinalIgnoreCase))
                .Take(limit)
                .Select(e => e.Entry)
                .ToList();
        }
    }

    public void Clear()
    {
        lock (_lock)
        {
            _entries.Clear();
        }
    }
}
