using Microsoft.Extensions.Logging;

namespace Databricks.Client;

/// <summary>Log messages of the transport. Paths only: never headers, query strings or bodies.</summary>
internal static partial class TransportLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning,
        Message = "Databricks {Method} {Path} answered {StatusCode} {ErrorCode}; retrying in {DelayMs} ms (attempt {Attempt})")]
    public static partial void RetryingAfterResponse(ILogger logger, string method, string path, int statusCode, string errorCode, long delayMs, int attempt);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning,
        Message = "Databricks {Method} {Path} failed without an answer ({Failure}); retrying in {DelayMs} ms (attempt {Attempt})")]
    public static partial void RetryingAfterTransportFailure(ILogger logger, string method, string path, string failure, long delayMs, int attempt);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information,
        Message = "Databricks {Method} {Path} failed: {StatusCode} {ErrorCode} (request id {RequestId})")]
    public static partial void CallFailed(ILogger logger, string method, string path, int? statusCode, string errorCode, string? requestId);
}
