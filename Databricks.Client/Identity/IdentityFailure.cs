namespace Databricks.Client;

/// <summary>How a failed identity lookup is reported to the caller (api-contract §1.1).</summary>
internal sealed record IdentityFailure(int Status, string ErrorCode, string Detail, int? RetryAfterSeconds)
{
    public static readonly IdentityFailure Missing = new(
        401, "AUTH_MISSING", "No access token: send X-Forwarded-Access-Token or Authorization: Bearer.", null);

    public static IdentityFailure From(DatabricksApiException exception, DatabricksIdentityOptions options) => exception switch
    {
        { IsNotConfigured: true } => new(
            503, "WORKSPACE_NOT_CONFIGURED", "No Databricks workspace is configured for this deployment.", null),
        { StatusCode: 401 or 403 } => new(
            401, "AUTH_INVALID", "The workspace rejected the access token.", null),
        { StatusCode: 429 } => new(
            429, "RATE_LIMITED", "The workspace is rate-limiting identity lookups; retry later.", Seconds(exception.RetryAfter ?? TimeSpan.FromSeconds(1))),
        _ => new(
            503, "WORKSPACE_UNAVAILABLE", "The Databricks workspace could not be reached; retry later.",
            Seconds(exception.RetryAfter ?? options.UnavailableRetryAfter)),
    };

    private static int Seconds(TimeSpan wait) => Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds));
}
