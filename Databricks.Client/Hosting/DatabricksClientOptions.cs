namespace Databricks.Client;

/// <summary>
/// Where the workspace is and how patient the client is with it. <see cref="Host"/> comes from DATABRICKS_HOST or the
/// "databricks" service reference; the rest binds from the "Databricks" configuration section.
/// </summary>
public sealed class DatabricksClientOptions
{
    /// <summary>The workspace base address; null when no workspace is configured.</summary>
    public Uri? Host { get; set; }

    /// <summary>Timeout of one HTTP attempt for control-plane calls (facts §1.3: 60 s).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Timeout of one invocation of a serving endpoint; models may run up to 297 s server-side.</summary>
    public TimeSpan InvocationTimeout { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>Attempts per call, the first included.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>A Retry-After longer than this is not waited for: the error goes back to the caller instead.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Upper bound of the exponential backoff used when the server gives no Retry-After.</summary>
    public TimeSpan MaxBackoff { get; set; } = TimeSpan.FromSeconds(10);
}
