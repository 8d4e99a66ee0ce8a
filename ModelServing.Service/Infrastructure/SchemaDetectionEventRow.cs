namespace ModelServing.Service.Infrastructure;

/// <summary>One row of <c>model_serving.schema_detection_events</c>: one detection that was not served from the cache.</summary>
public sealed class SchemaDetectionEventRow
{
    public long Id { get; set; }

    public required string EndpointName { get; set; }

    public required string UserId { get; set; }

    public required string DetectedType { get; set; }

    public required string InputFormat { get; set; }

    public required string Status { get; set; }

    public string? Message { get; set; }

    public long LatencyMs { get; set; }

    public DateTime CreatedAt { get; set; }
}
