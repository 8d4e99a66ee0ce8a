namespace ServiceDefaults.Lakebase;

/// <summary>
/// Gives the password of each new Lakebase connection when the connection string carries none: a Lakebase OAuth
/// credential, which lives about an hour and is checked only at login. Registered by the workspace client when
/// <c>Lakebase:InstanceName</c> is configured.
/// </summary>
public interface ILakebasePasswordProvider
{
    ValueTask<string> GetPasswordAsync(CancellationToken cancellationToken);
}
