using Microsoft.Extensions.Logging;

namespace Databricks.Client;

internal static partial class IdentityLog
{
    [LoggerMessage(EventId = 101, Level = LogLevel.Warning,
        Message = "Caller identity not resolved: {ErrorCode} (workspace status {WorkspaceStatus}, workspace error {WorkspaceErrorCode}, request id {RequestId})")]
    public static partial void Unresolved(ILogger logger, string errorCode, int? workspaceStatus, string workspaceErrorCode, string? requestId);

    [LoggerMessage(EventId = 102, Level = LogLevel.Debug, Message = "Request without an access token on {Path}")]
    public static partial void Missing(ILogger logger, string path);
}
