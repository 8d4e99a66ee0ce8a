namespace ServiceDefaults.Correlation;

/// <summary>Holds the request's correlation id once it has been decided.</summary>
internal sealed class CorrelationIdFeature(string correlationId)
{
    public string CorrelationId { get; } = correlationId;
}
