using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Databricks.Client;
using ModelServing.Service.Model;
using ServiceDefaults.Json;

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
        // Only called while serving the caller's request, whose token the identity middleware has already accepted.
        request.Headers.Add(AccessTokenReader.ForwardedTokenHeader, AccessTokenReader.Read(httpContext.HttpContext!.Request));

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
            if (!response.IsSuccessStatusCode)
            {
                var problem = await ReadAsync<CatalogProblem>(response, cancellationToken) ?? new CatalogProblem(null, null, null);
                throw new CatalogQueryException(
                    (int)response.StatusCode,
                    problem.ErrorCode,
                    problem.Detail ?? $"The catalog service answered {(int)response.StatusCode}.",
                    problem.RetryAfter);
            }

            return (await ReadAsync<CatalogRows>(response, cancellationToken))?.Rows
                ?? throw new CatalogQueryException(null, null, "The catalog service answered without rows.", null);
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

    private static async Task<T?> ReadAsync<T>(HttpResponseMessage response, CancellationToken cancellationToken) where T : class
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<T>(ApiJson.SerializerOptions, cancellationToken);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The members of the catalog service's problem+json that are passed on.</summary>
    private sealed record CatalogProblem(string? ErrorCode, string? Detail, int? RetryAfter);

    /// <summary>The part of a QueryResult that is scored.</summary>
    private sealed record CatalogRows(JsonElement Rows);
}
