using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Databricks.Client;
using ModelServing.Service.Model;

namespace ModelServing.Service.Services;

/// <summary>
/// Reads the rows of a <c>table_source</c> through the catalog service's <c>POST /api/unity-catalog/query</c>, as the
/// caller: the caller's own token goes along, so Unity Catalog's grants decide. The trace context and correlation id
/// travel with the HttpClient's handlers.
/// </summary>
public sealed class CatalogQueryClient(HttpClient http, IHttpContextAccessor httpContext)
{
    public const string QueryPath = "/api/unity-catalog/query";

    /// <returns>The rows, as the catalog service typed them: a JSON list of objects.</returns>
    /// <exception cref="CatalogQueryException">The catalog service refused the read or could not be reached.</exception>
    public async Task<JsonElement> ReadRowsAsync(TableSource source, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, QueryPath) { Content = JsonContent.Create(Body(source)) };
        var token = httpContext.HttpContext is { } context ? AccessTokenReader.Read(context.Request) : null;
        request.Headers.Add(AccessTokenReader.ForwardedTokenHeader, token);

        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException exception)
        {
            throw new CatalogQueryException(null, null, "The catalog service could not be reached to read the table_source rows.", null, exception);
        }

        using (response)
        {
            var body = await ReadJsonAsync(response, cancellationToken);
            if (response.IsSuccessStatusCode && body?["rows"] is JsonArray rows)
            {
                return InputFormats.Parse(rows.ToJsonString());
            }

            throw new CatalogQueryException(
                (int)response.StatusCode,
                body?["error_code"]?.GetValue<string>(),
                body?["detail"]?.GetValue<string>() ?? $"The catalog service answered {(int)response.StatusCode} without rows.",
                body?["retry_after"]?.GetValue<int>());
        }
    }

    private static JsonObject Body(TableSource source)
    {
        var body = new JsonObject
        {
            ["catalog"] = source.Catalog,
            ["schema"] = source.Schema,
            ["table"] = source.Table,
            ["limit"] = source.Limit ?? InvocationRules.DefaultTableLimit,
        };
        if (source.Columns is { } columns)
        {
            body["columns"] = new JsonArray([.. columns.Select(c => (JsonNode?)JsonValue.Create(c))]);
        }

        if (source.Filters is { ValueKind: JsonValueKind.Array } filters)
        {
            body["filters"] = JsonNode.Parse(filters.GetRawText());
        }

        return body;
    }

    private static async Task<JsonObject?> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            return JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken)) as JsonObject;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
