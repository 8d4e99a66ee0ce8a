using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Databricks.Client;

/// <summary>Model Serving: the control plane under <c>/api/2.0/serving-endpoints</c> and the invocations data plane.</summary>
public sealed class ServingEndpointsClient
{
    private const string ControlPath = "/api/2.0/serving-endpoints";
    private readonly DatabricksTransport _transport;

    internal ServingEndpointsClient(DatabricksTransport transport) => _transport = transport;

    public async Task<IReadOnlyList<ServingEndpoint>> ListAsync(DatabricksToken token, CancellationToken cancellationToken = default)
    {
        var list = await _transport.SendForJsonAsync<EndpointList>(DatabricksRequest.Get(ControlPath), token, cancellationToken);
        return list.Endpoints ?? [];
    }

    public Task<ServingEndpoint> GetAsync(DatabricksToken token, string name, CancellationToken cancellationToken = default) =>
        _transport.SendForJsonAsync<ServingEndpoint>(DatabricksRequest.Get($"{ControlPath}/{Segment(name)}"), token, cancellationToken);

    /// <summary>The endpoint's OpenAPI document, as the raw text the workspace sends.</summary>
    public Task<string> GetOpenApiAsync(DatabricksToken token, string name, CancellationToken cancellationToken = default) =>
        _transport.SendForTextAsync(
            DatabricksRequest.Get($"{ControlPath}/{Segment(name)}/openapi") with { Accept = "text/plain" }, token, cancellationToken);

    /// <summary>
    /// <c>POST /serving-endpoints/{name}/invocations</c> with a raw JSON body (dataframe_split, messages, input, …).
    /// Retried only on 429/503 or when no connection was made: a 500/504 may mean the model already ran.
    /// </summary>
    public Task<ServingInvocationResult> InvokeAsync(
        DatabricksToken token, string name, string jsonBody, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(jsonBody);
        var request = new DatabricksRequest(HttpMethod.Post, $"/serving-endpoints/{Segment(name)}/invocations", RetryClass.NonIdempotent)
        {
            JsonBody = Encoding.UTF8.GetBytes(jsonBody),
            IsInvocation = true,
        };
        return _transport.SendAsync(request, token, ReadInvocationAsync, cancellationToken);
    }

    public Task<ServingInvocationResult> InvokeAsync(
        DatabricksToken token, string name, JsonElement body, CancellationToken cancellationToken = default) =>
        InvokeAsync(token, name, body.GetRawText(), cancellationToken);

    private static async Task<ServingInvocationResult> ReadInvocationAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var body = await response.Content.ReadFromJsonAsync<JsonElement>(cancellationToken);
        return new(body, ServedModelName(response.Headers));
    }

    private static string? ServedModelName(HttpResponseHeaders headers) =>
        headers.TryGetValues("served-model-name", out var values) ? values.FirstOrDefault() : null;

    private static string Segment(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return Uri.EscapeDataString(name);
    }

    private sealed record EndpointList(IReadOnlyList<ServingEndpoint>? Endpoints);
}
