using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Databricks.Client;

/// <summary>
/// Token → user through SCIM Me, cached briefly under the token's SHA-256 hash; the cache never holds a token.
/// Only the identity is cached: permissions are decided by the workspace on every call.
/// </summary>
internal sealed class IdentityResolver : IDisposable
{
    private readonly ScimClient _scim;
    private readonly DatabricksIdentityOptions _options;
    private readonly MemoryCache _cache;

    public IdentityResolver(ScimClient scim, IOptions<DatabricksIdentityOptions> options)
    {
        _scim = scim;
        _options = options.Value;
        _cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = _options.CacheSizeLimit });
    }

    public async Task<CurrentUser> ResolveAsync(DatabricksToken token, CancellationToken cancellationToken)
    {
        var key = CacheKey(token);
        if (_cache.TryGetValue(key, out CachedIdentity? cached) && cached is not null)
        {
            return new CurrentUser(cached.UserId, cached.DisplayName, token);
        }

        var me = await _scim.GetMeAsync(token, cancellationToken);
        if (string.IsNullOrWhiteSpace(me.UserName))
        {
            throw new DatabricksApiException(200, "INVALID_RESPONSE", "SCIM Me answered without a userName.");
        }

        if (_options.CacheDuration > TimeSpan.Zero)
        {
            _cache.Set(key, new CachedIdentity(me.UserName, me.DisplayName), new MemoryCacheEntryOptions
            {
                AbsoluteExpirationRelativeToNow = _options.CacheDuration,
                Size = 1,
            });
        }

        return new CurrentUser(me.UserName, me.DisplayName, token);
    }

    internal static string CacheKey(DatabricksToken token) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token.Value)));

    internal bool IsCached(string key) => _cache.TryGetValue(key, out _);

    public void Dispose() => _cache.Dispose();

    private sealed record CachedIdentity(string UserId, string? DisplayName);
}
