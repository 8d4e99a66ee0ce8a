using System.Collections.Concurrent;
using System.Security.Cryptography;
using MockDatabricks.Infrastructure;
using Npgsql;
using ServiceDefaults.Lakebase;

namespace MockDatabricks.Services;

/// <summary>
/// Lakebase credentials that really log in. The instance is the PostgreSQL server the mock stands on; a principal whose
/// Postgres role exists there (the platform creates it, named by the user name or the service principal's application
/// id) gets the credential as that role's password, valid until it expires. Every call mints a fresh token, as the
/// workspace does, except for such a principal: its credential stays current until it is within ten minutes of expiry,
/// because a PostgreSQL role holds one password, where Lakebase accepts every unexpired token.
/// </summary>
public sealed class LakebaseCredentials(WarehouseDatabase database, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(1);
    private static readonly TimeSpan RenewWithin = TimeSpan.FromMinutes(10);
    private const string TokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset Expiry)> _current = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task<(string Token, DateTimeOffset Expiry)> IssueAsync(Principal principal, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_current.TryGetValue(principal.UserName, out var current) && current.Expiry - time.GetUtcNow() > RenewWithin)
            {
                return current;
            }

            // Letters and digits only, so the token is safe as the literal ALTER ROLE needs.
            var issued = (Token: RandomNumberGenerator.GetString(TokenAlphabet, 64), Expiry: time.GetUtcNow() + Lifetime);
            // A lookup and an ALTER ROLE that sets the same password: safe to run again after a dead pooled session.
            if (await DatabaseErrors.RetryAfterTerminatedSessionsAsync(() => SetPasswordIfRoleExistsAsync(principal.UserName, issued.Token, issued.Expiry, cancellationToken)))
            {
                _current[principal.UserName] = issued;
            }

            return issued;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <returns>False when the principal has no role on the instance.</returns>
    private async Task<bool> SetPasswordIfRoleExistsAsync(string role, string password, DateTimeOffset expiry, CancellationToken cancellationToken)
    {
        await using var connection = await database.DataSource.OpenConnectionAsync(cancellationToken);
        await using var exists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = $1)", connection) { Parameters = { new() { Value = role } } };
        if (await exists.ExecuteScalarAsync(cancellationToken) is not true)
        {
            return false;
        }

        var validUntil = expiry.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'+00'", System.Globalization.CultureInfo.InvariantCulture);
        await using var alter = new NpgsqlCommand(
            $"ALTER ROLE {WarehouseDatabase.QuoteIdentifier(role)} WITH LOGIN PASSWORD '{password}' VALID UNTIL '{validUntil}'", connection);
        await alter.ExecuteNonQueryAsync(cancellationToken);
        return true;
    }
}
