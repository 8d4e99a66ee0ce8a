using System.Collections.Concurrent;
using System.Security.Cryptography;
using MockDatabricks.Model;

namespace MockDatabricks.Services;

/// <summary>Who is who: principals by name, and the tokens (PATs and OAuth access tokens) that stand for them.</summary>
public sealed class PrincipalDirectory
{
    private readonly ConcurrentDictionary<string, Principal> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, (Principal Principal, DateTimeOffset? ExpiresAt)> _byToken = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private long _nextId = 2000;

    public PrincipalDirectory(ReferenceData data, TimeProvider time)
    {
        _time = time;
        foreach (var user in data.Users)
        {
            var principal = new Principal(user.Id, user.UserName, user.DisplayName, user.GivenName, user.FamilyName,
                user.Groups ?? [], user.ServicePrincipal, user.ClientSecret) { IsSeed = true };
            _byName[user.UserName] = principal;
            _byToken[user.Token] = (principal, null);
        }
    }

    public IEnumerable<Principal> All => _byName.Values;

    public Principal? Find(string userName) => _byName.GetValueOrDefault(userName);

    public Principal? Authenticate(string token)
    {
        if (!_byToken.TryGetValue(token, out var entry))
        {
            return null;
        }

        return entry.ExpiresAt is { } expiry && expiry <= _time.GetUtcNow() ? null : entry.Principal;
    }

    /// <summary>Adds a user with a fresh token; null when the name is taken.</summary>
    public (Principal Principal, string Token)? Add(string? userName, string? displayName)
    {
        var id = Interlocked.Increment(ref _nextId).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var name = string.IsNullOrWhiteSpace(userName) ? $"user-{RandomSuffix()}@example.com" : userName.Trim();
        var principal = new Principal(id, name, string.IsNullOrWhiteSpace(displayName) ? name : displayName, null, null, [], false, null);
        if (!_byName.TryAdd(name, principal))
        {
            return null;
        }

        var token = $"mock-token-{RandomSuffix()}{RandomSuffix()}";
        _byToken[token] = (principal, null);
        return (principal, token);
    }

    /// <summary>Issues an OAuth access token for a service principal.</summary>
    public string IssueAccessToken(Principal principal, TimeSpan lifetime)
    {
        var token = $"mock-oauth-{RandomSuffix()}{RandomSuffix()}";
        _byToken[token] = (principal, _time.GetUtcNow() + lifetime);
        return token;
    }

    public Principal? FindServicePrincipal(string clientId, string clientSecret) =>
        _byName.GetValueOrDefault(clientId) is { IsServicePrincipal: true, ClientSecret: { } secret } principal
        && CryptographicOperations.FixedTimeEquals(System.Text.Encoding.UTF8.GetBytes(secret), System.Text.Encoding.UTF8.GetBytes(clientSecret))
            ? principal
            : null;

    private static string RandomSuffix() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6));
}
