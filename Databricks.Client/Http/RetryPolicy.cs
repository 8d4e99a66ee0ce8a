namespace Databricks.Client;

/// <summary>
/// The retry rules of facts §1.3. 429 and 503 mean "not processed, come back later" and are retried for every method,
/// honouring Retry-After up to <see cref="DatabricksClientOptions.MaxRetryAfter"/>. Reads are also retried on 502/504,
/// REQUEST_LIMIT_EXCEEDED and lost connections. Statement submits and invocations are never retried once the server
/// may have acted (500, 504, a timeout or a connection lost mid-request), only when the connection was never made.
/// </summary>
internal sealed class RetryPolicy(DatabricksClientOptions options, Func<double> nextUnitRandom)
{
    private static readonly TimeSpan DefaultRetryAfter = TimeSpan.FromSeconds(1);

    public TimeSpan? AfterResponse(DatabricksRequest request, int attempt, int status, TimeSpan? retryAfter, string errorCode)
    {
        if (attempt >= options.MaxAttempts)
        {
            return null;
        }

        if (status is 429 or 503)
        {
            var wait = retryAfter ?? DefaultRetryAfter;
            return wait <= options.MaxRetryAfter ? wait : null;
        }

        var transientForReads = status is 502 or 504 || errorCode == "REQUEST_LIMIT_EXCEEDED";
        return request.RetryClass == RetryClass.Idempotent && transientForReads ? Backoff(attempt) : null;
    }

    public TimeSpan? AfterTransportFailure(DatabricksRequest request, int attempt, bool connectionEstablished)
    {
        if (attempt >= options.MaxAttempts)
        {
            return null;
        }

        return request.RetryClass == RetryClass.Idempotent || !connectionEstablished ? Backoff(attempt) : null;
    }

    // 1 s, 2 s, 4 s … capped, plus 50–750 ms of jitter so that many callers do not retry in step.
    private TimeSpan Backoff(int attempt)
    {
        var exponential = TimeSpan.FromSeconds(Math.Pow(2, attempt - 1));
        var capped = exponential < options.MaxBackoff ? exponential : options.MaxBackoff;
        return capped + TimeSpan.FromMilliseconds(50 + (700 * nextUnitRandom()));
    }
}
