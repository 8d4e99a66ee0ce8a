using System.Text.Json;

namespace ModelServing.Service.Model;

/// <summary>A successful invocation.</summary>
public sealed record InferenceResult(
    string RequestId,
    string EndpointName,
    string Status,
    JsonElement Predictions,
    long ExecutionTimeMs,
    DateTime CompletedAt,
    string UserId);
