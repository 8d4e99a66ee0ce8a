using System.Text.Json;

namespace ModelServing.Service.Model;

/// <summary>One row of the caller's inference history.</summary>
public sealed record InferenceLog(
    long Id,
    string RequestId,
    string EndpointName,
    string UserId,
    JsonElement? Inputs,
    JsonElement? Predictions,
    string Status,
    string? ErrorCode,
    string? ErrorMessage,
    long ExecutionTimeMs,
    DateTime CreatedAt,
    DateTime? CompletedAt);

/// <summary>The values of an inference log's <c>status</c>.</summary>
public static class InferenceStatus
{
    public const string Success = "SUCCESS";
    public const string Error = "ERROR";
    public const string Timeout = "TIMEOUT";

    public static readonly IReadOnlyList<string> All = [Success, Error, Timeout];
}
