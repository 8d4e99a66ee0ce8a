using Microsoft.Extensions.Configuration;
using ServiceDefaults.Lakebase;

namespace Databricks.Client;

/// <summary>
/// Lakebase passwords from the workspace's database-credentials API, minted with the app's own token for the instance
/// named by <c>Lakebase:InstanceName</c>. A credential is reused until two minutes before it expires (it is checked only
/// at login, so open connections outlive it); without an expiry it is renewed after 50 minutes.
/// </summary>
public sealed class LakebasePasswordProvider(DatabaseClient database, AppTokenProvider appToken, IConfiguration configuration, TimeProvider time)
    : ILakebasePasswordProvider
{
    public const string InstanceNameSetting = "Lakebase:InstanceName";
    private static readonly TimeSpan RefreshBeforeExpiry = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan LifetimeWithoutExpiry = TimeSpan.FromMinutes(50);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private (string Password, DateTimeOffset RefreshAt)? _current;

    public async ValueTask<string> GetPasswordAsync(CancellationToken cancellationToken)
    {
        if (_current is { } current && time.GetUtcNow() < current.RefreshAt)
        {
            return current.Password;
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } refreshed && time.GetUtcNow() < refreshed.RefreshAt)
            {
                return refreshed.Password;
            }

            var instance = configuration[InstanceNameSetting] is { Length: > 0 } name
                ? name
                : throw new InvalidOperationException($"{InstanceNameSetting} names no Lakebase instance.");
            var credential = await database.GenerateCredentialAsync(await appToken.GetTokenAsync(cancellationToken), [instance], cancellationToken);
            var refreshAt = credential.ExpirationTime is { } expiry ? expiry - RefreshBeforeExpiry : time.GetUtcNow() + LifetimeWithoutExpiry;
            _current = (credential.Token, refreshAt);
            return credential.Token;
        }
        finally
        {
            _refresh.Release();
        }
    }
}
