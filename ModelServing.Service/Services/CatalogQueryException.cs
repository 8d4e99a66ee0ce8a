namespace ModelServing.Service.Services;

/// <summary>The catalog service refused or failed a <c>table_source</c> read; its own problem fields are kept.</summary>
public sealed class CatalogQueryException(int? statusCode, string? errorCode, string detail, int? retryAfterSeconds, Exception? inner = null)
    : Exception(detail, inner)
{
    /// <summary>Null when the catalog service gave no answer.</summary>
    public int? StatusCode { get; } = statusCode;

    public string? ErrorCode { get; } = errorCode;

    public int? RetryAfterSeconds { get; } = retryAfterSeconds;
}
