namespace Databricks.Client;

/// <summary>
/// Any failed workspace call. <see cref="StatusCode"/> is null when no HTTP answer arrived (unreachable, timed out or
/// not configured); <see cref="ErrorCode"/> then says which.
/// </summary>
public sealed class DatabricksApiException : Exception
{
    public const string NotConfiguredCode = "WORKSPACE_NOT_CONFIGURED";
    public const string UnreachableCode = "WORKSPACE_UNREACHABLE";
    public const string TimeoutCode = "REQUEST_TIMEOUT";

    public DatabricksApiException()
        : this(null, "UNKNOWN", "The Databricks call failed.")
    {
    }

    public DatabricksApiException(string message)
        : this(null, "UNKNOWN", message)
    {
    }

    public DatabricksApiException(string message, Exception innerException)
        : this(null, "UNKNOWN", message, innerException: innerException)
    {
    }

    public DatabricksApiException(
        int? statusCode,
        string errorCode,
        string message,
        string? requestId = null,
        TimeSpan? retryAfter = null,
        Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        RequestId = requestId;
        RetryAfter = retryAfter;
    }

    public int? StatusCode { get; }

    public string ErrorCode { get; }

    public string? RequestId { get; }

    /// <summary>What the workspace asked us to wait (Retry-After), when it asked.</summary>
    public TimeSpan? RetryAfter { get; }

    /// <summary>The workspace's own message (token removed), without our prefix; null when no HTTP answer arrived.</summary>
    public string? ServerMessage { get; init; }

    public bool IsNotConfigured => ErrorCode == NotConfiguredCode;

    /// <summary>No usable answer: unreachable, timed out, or any 5xx.</summary>
    public bool IsWorkspaceUnavailable => StatusCode is null ? !IsNotConfigured : StatusCode >= 500;
}
