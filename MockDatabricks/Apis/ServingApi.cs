using System.Text.Json;
using MockDatabricks.Infrastructure;
using MockDatabricks.Middleware;
using MockDatabricks.Model;
using MockDatabricks.Services;
using MockDatabricks.Services.Serving;

namespace MockDatabricks.Apis;

/// <summary>Serving endpoints: the control plane under /api/2.0 and the invocations data plane.</summary>
public static class ServingApi
{
    public static IEndpointRouteBuilder MapServingApi(this IEndpointRouteBuilder app)
    {
        var control = app.MapGroup("/api/2.0/serving-endpoints").WithFaults(Areas.Serving, FaultFilterExtensions.RouteTargets);
        control.MapGet("", List);
        control.MapGet("/{name}", Get);
        control.MapGet("/{name}/openapi", GetOpenApi);
        app.MapPost("/serving-endpoints/{name}/invocations", InvokeAsync).WithFaults(Areas.Serving, FaultFilterExtensions.RouteTargets);
        return app;
    }

    // Endpoints the caller holds no permission on are not listed, as in a real workspace.
    private static IResult List(HttpContext context, ServingEndpointCatalog endpoints, PrivilegeModel privileges) =>
        Results.Json(new ServingEndpointList(endpoints.All
            .Where(e => privileges.CanQuery(context.Caller().UserName, e.Name))
            .Select(e => endpoints.ToInfo(e, detailed: false))
            .ToList()));

    private static IResult Get(HttpContext context, string name, ServingEndpointCatalog endpoints, PrivilegeModel privileges) =>
        Authorize(context, name, endpoints, privileges, out var endpoint) ?? Results.Json(endpoints.ToInfo(endpoint!, detailed: true));

    private static IResult GetOpenApi(HttpContext context, string name, ServingEndpointCatalog endpoints, PrivilegeModel privileges)
    {
        if (Authorize(context, name, endpoints, privileges, out var endpoint) is { } refused)
        {
            return refused;
        }

        // A model logged without a signature has no query schema to publish (verify live: the real answer may differ).
        return OpenApiDocuments.For(endpoint!) is { } document
            ? Results.Json(document)
            : DatabricksResults.NotFound(context, "RESOURCE_DOES_NOT_EXIST", $"Endpoint '{name}' does not publish an OpenAPI schema: its model has no signature.");
    }

    private static async Task<IResult> InvokeAsync(HttpContext context, string name, ServingEndpointCatalog endpoints, PrivilegeModel privileges, TimeProvider time)
    {
        if (Authorize(context, name, endpoints, privileges, out var endpoint) is { } refused)
        {
            return refused;
        }

        if (!endpoint!.Ready)
        {
            return DatabricksResults.Error(context, 503, "TEMPORARILY_UNAVAILABLE", $"Endpoint '{name}' is not ready. Its served entities are still being deployed.");
        }

        JsonElement body;
        try
        {
            body = (await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted)).RootElement;
        }
        catch (JsonException)
        {
            return DatabricksResults.Error(context, 400, "BAD_REQUEST", "The request body is not valid JSON.");
        }

        if (endpoint.FailuresAfterReset > 0 && endpoints.FailsThisCall(endpoint, context.Caller()))
        {
            context.Response.Headers.RetryAfter = "1";
            return DatabricksResults.Error(context, 503, "TEMPORARILY_UNAVAILABLE", $"Endpoint '{name}' is temporarily unavailable. Please retry.");
        }

        if (endpoint.DelayMs > 0)
        {
            await Task.Delay(endpoint.DelayMs, context.RequestAborted);
        }

        try
        {
            var answer = endpoint.Behaviour switch
            {
                "chat" => ModelBehaviours.Chat(endpoint, body, time),
                "embeddings" => ModelBehaviours.Embeddings(endpoint, body),
                "churn" => ModelBehaviours.Churn(ModelInputReader.ReadRows(body, endpoint.Signature)),
                "tensor" => ModelBehaviours.Tensor(ModelInputReader.ReadRows(body, endpoint.Signature)),
                _ => ModelBehaviours.Generic(ModelInputReader.ReadRows(body, endpoint.Signature)),
            };
            context.Response.Headers["served-model-name"] = ServingEndpointCatalog.ServedName(endpoint);
            return Results.Json(answer);
        }
        catch (InvalidModelInputException exception)
        {
            return DatabricksResults.Error(context, 400, "BAD_REQUEST", exception.Message);
        }
    }

    private static IResult? Authorize(HttpContext context, string name, ServingEndpointCatalog endpoints, PrivilegeModel privileges, out ServingEndpointSeed? endpoint)
    {
        endpoint = endpoints.Find(name);
        if (endpoint is null)
        {
            return DatabricksResults.NotFound(context, "RESOURCE_DOES_NOT_EXIST", $"Endpoint with name '{name}' does not exist.");
        }

        return privileges.CanQuery(context.Caller().UserName, endpoint.Name)
            ? null
            : DatabricksResults.Forbidden(context, $"User does not have permission 'Query' on Endpoint '{name}'.");
    }
}
