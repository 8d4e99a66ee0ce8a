using System.Text.Json;

namespace Databricks.Client;

/// <summary>One logical workspace call; the JSON body is serialised once so that a retry resends the same bytes.</summary>
internal sealed record DatabricksRequest(HttpMethod Method, string RelativeUri, RetryClass RetryClass)
{
    public byte[]? JsonBody { get; init; }

    public string Accept { get; init; } = "application/json";

    public bool IsInvocation { get; init; }

    public static DatabricksRequest Get(string relativeUri) => new(HttpMethod.Get, relativeUri, RetryClass.Idempotent);

    public static DatabricksRequest Post<TBody>(string relativeUri, TBody body, RetryClass retryClass) =>
        new(HttpMethod.Post, relativeUri, retryClass) { JsonBody = JsonSerializer.SerializeToUtf8Bytes(body, DatabricksJson.Options) };

    /// <summary>The path without the query, for messages and logs (queries may carry page tokens).</summary>
    public string Path => RelativeUri.Split('?', 2)[0];
}
