using Microsoft.AspNetCore.Http;
using ServiceDefaults.Problems;

namespace Databricks.Client;

/// <summary>Writes the identity middleware's failures with the services' one error helper (correlation id included).</summary>
internal static class IdentityProblemWriter
{
    public static Task WriteAsync(HttpContext context, IdentityFailure failure) =>
        ApiProblem.Create(failure.Status, failure.ErrorCode, failure.Detail, retryAfterSeconds: failure.RetryAfterSeconds)
            .ExecuteAsync(context);
}
