namespace Databricks.Client;

/// <summary>A short-lived Postgres password for a Lakebase instance (about one hour).</summary>
public sealed record DatabaseCredential(string Token, DateTimeOffset? ExpirationTime)
{
    /// <summary>Redacted: the token is a database password.</summary>
    public override string ToString() => $"DatabaseCredential {{ Token = ***, ExpirationTime = {ExpirationTime:O} }}";
}
