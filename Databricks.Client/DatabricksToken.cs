namespace Databricks.Client;

/// <summary>
/// A bearer token for one caller. Every workspace call takes one explicitly, so a service cannot fall back to a
/// service-wide credential by forgetting it. The value never leaves this type except into the Authorization header.
/// </summary>
public sealed class DatabricksToken
{
    public DatabricksToken(string value)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(value);
        Value = value;
    }

    internal string Value { get; }

    /// <summary>Redacted, so the token cannot leak through logs, records or string interpolation.</summary>
    public override string ToString() => "DatabricksToken(***)";
}
