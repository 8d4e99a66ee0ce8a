namespace ServiceDefaults.Problems;

/// <summary>The members our problem bodies add to RFC 9457's.</summary>
internal static class ProblemFields
{
    public const string ErrorCode = "error_code";
    public const string CorrelationId = "correlation_id";
    public const string RetryAfter = "retry_after";
    public const string TraceId = "trace_id";

    /// <summary>ASP.NET Core's name for the trace id, replaced by <see cref="TraceId"/>.</summary>
    public const string FrameworkTraceId = "traceId";
}
