namespace Hosting;

/// <summary>A resource could not reach the state the caller needed.</summary>
public sealed class DistributedApplicationException : Exception
{
    public DistributedApplicationException()
    {
    }

    public DistributedApplicationException(string message) : base(message)
    {
    }

    public DistributedApplicationException(string message, Exception innerException) : base(message, innerException)
    {
    }
}
