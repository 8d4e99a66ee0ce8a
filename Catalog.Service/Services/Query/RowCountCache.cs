using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Catalog.Service.Services.Query;

/// <summary>
/// Reuses a table's matching-row count for a short time, per user, statement and parameters, so that paging through a
/// large table does not count it again for every page. Only the count is kept: every page is still read with the
/// caller's token, so the workspace checks the caller's grants on each call (a count is handed out only after that).
/// Concurrent requests for the same count share one statement.
/// </summary>
public sealed class RowCountCache(IOptions<CatalogOptions> options, TimeProvider time)
{
    private const int MaxEntries = 10_000;
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public async Task<long> GetOrCountAsync(string key, Func<Task<long>> count)
    {
        var now = time.GetUtcNow();
        if (_entries.TryGetValue(key, out var cached) && cached.Expires > now)
        {
            return await cached.Count.Value;
        }

        if (_entries.Count >= MaxEntries)
        {
            _entries.Clear();
        }

        var entry = new Entry(new Lazy<Task<long>>(count), now + options.Value.RowCountLifetime);
        var current = _entries.AddOrUpdate(key, entry, (_, old) => old.Expires > now ? old : entry);
        try
        {
            return await current.Count.Value;
        }
        catch
        {
            _entries.TryRemove(new KeyValuePair<string, Entry>(key, current));
            throw;
        }
    }

    private sealed record Entry(Lazy<Task<long>> Count, DateTimeOffset Expires);
}
