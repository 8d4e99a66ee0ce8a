using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Catalog.Service.Services.Query;

/// <summary>
/// Reuses a table's matching-row count for a short time, per user, statement and parameters, so that paging through a
/// large table does not count it again for every page. Only the count is kept: every page is still read with the
/// caller's token, so the workspace checks the caller's grants on each call (a count is handed out only after that).
/// Concurrent requests for the same count share one statement.
/// </summary>
public sealed class RowCountCache(IOptions<CatalogOptions> options) : IDisposable
{
    private readonly MemoryCache _counts = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    public async Task<long> GetOrCountAsync(string key, Func<Task<long>> count)
    {
        var entry = _counts.GetOrCreate(key, cacheEntry =>
        {
            cacheEntry.Size = 1;
            cacheEntry.AbsoluteExpirationRelativeToNow = options.Value.RowCountLifetime;
            return new Lazy<Task<long>>(count);
        })!;
        try
        {
            return await entry.Value;
        }
        catch
        {
            // A failed count is not kept: the next request tries again.
            _counts.Remove(key);
            throw;
        }
    }

    public void Dispose() => _counts.Dispose();
}
