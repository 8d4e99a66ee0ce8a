namespace ServiceDefaults.Lakebase;

/// <summary>Thrown when code tries to reach a Lakebase database that this deployment does not have.</summary>
public sealed class LakebaseNotConfiguredException : InvalidOperationException
{
    public LakebaseNotConfiguredException()
        : this("No Lakebase connection string is configured.")
    {
    }

    public LakebaseNotConfiguredException(string message)
        : base(message)
    {
    }

    public LakebaseNotConfiguredException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
