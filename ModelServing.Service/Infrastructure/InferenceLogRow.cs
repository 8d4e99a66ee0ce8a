namespace ModelServing.Service.Infrastructure;

/// <summary>One row of <c>model_serving.inference_logs</c>: one invocation, successful or not.</summary>
public sealed class InferenceLogRow
{
    public long Id { get; set; }

    public required string RequestId { get; set; }

    public required string EndpointName { get; set; }

    public required string UserId { get; set; }

    /// <summary>JSON text, stored as jsonb.</summary>
    public string? Inputs { get; set; }

    /// <summary>JSON text, stored as jsonb.</summary>
    public string? Predictions { get; set; }

    public required string Status { get; set; }

    public string? ErrorCode { get; set; }

    public string? ErrorMessage { get; set; }

    public long ExecutionTimeMs { get; set; }

    /// <summary>Set by the service when the invocation started, so a row written late from the queue keeps its time.</summary>
    public DateTime CreatedAt { get; set; }

    public DateTime? CompletedAt { get; set; }
}
