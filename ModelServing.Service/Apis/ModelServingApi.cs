using System.ComponentModel;
using Databricks.Client;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using ModelServing.Service.Model;
using ModelServing.Service.Services;
using ServiceDefaults.Paging;
using ServiceDefaults.Problems;

namespace ModelServing.Service.Apis;

/// <summary><c>/api/model-serving</c> (api-contract.md §4): endpoints, schema detection, invocation and the caller's log.</summary>
public static class ModelServingApi
{
    public const string BasePath = "/api/model-serving";

    /// <summary>Bodies above 16 MiB are refused with 413 while they are still arriving.</summary>
    public const long MaxBodyBytes = 16 * 1024 * 1024;

    private const int DefaultEndpointsLimit = 100;
    private const int DefaultLogsLimit = 50;

    public static RouteGroupBuilder MapModelServingApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup(BasePath)
            .WithTags("Model Serving")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);

        group.MapGet("/endpoints", ListEndpointsAsync)
            .WithName("ListServingEndpoints").WithSummary("The serving endpoints the caller may query, by name.")
            .ProducesProblem(StatusCodes.Status400BadRequest);
        group.MapGet("/endpoints/{name}", GetEndpointAsync)
            .WithName("GetServingEndpoint").WithSummary("One serving endpoint with its configuration.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/endpoints/{name}/schema", GetSchemaAsync)
            .WithName("DetectEndpointSchema").WithSummary("The input an endpoint expects, with an example.")
            .ProducesProblem(StatusCodes.Status403Forbidden).ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/invoke", InvokeAsync)
            .WithName("InvokeEndpoint").WithSummary("Invokes an endpoint with inputs, or scores the rows of a Unity Catalog table.")
            .WithRequestBodyLimit(MaxBodyBytes)
            .ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound).ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        group.MapGet("/logs", ListLogsAsync)
            .WithName("ListInferenceLogs").WithSummary("The caller's inference history, newest first.")
            .RequireInferenceLog()
            .ProducesProblem(StatusCodes.Status400BadRequest);
        return group;
    }

    public static async Task<Results<Ok<PagedResult<EndpointSummary>>, ProblemHttpResult>> ListEndpointsAsync(
        CurrentUser user,
        ServingEndpointsClient serving,
        [Description("Page size, 1-1000 (default 100).")] string? limit,
        [Description("Items to skip, 0-10,000,000.")] string? offset,
        CancellationToken cancellationToken)
    {
        var (page, errors) = PageRequest.Parse(limit, offset, DefaultEndpointsLimit);
        if (errors is not null)
        {
            return ModelServingProblems.InvalidInput("The list request is not valid; see errors.", errors);
        }

        try
        {
            var endpoints = (await serving.ListAsync(user.Token, cancellationToken))
                .OrderBy(e => e.Name, StringComparer.Ordinal)
                .ToList();
            var items = endpoints.Skip(page.Offset).Take(page.Limit).Select(EndpointMapper.ToSummary).ToList();
            return TypedResults.Ok(PagedResult<EndpointSummary>.Create(items, endpoints.Count, page));
        }
        catch (DatabricksApiException exception)
        {
            return ModelServingProblems.FromWorkspace(exception, "*", ModelServingErrorCodes.WorkspaceUnavailable);
        }
    }

    public static async Task<Results<Ok<EndpointDetail>, ProblemHttpResult>> GetEndpointAsync(
        CurrentUser user,
        ServingEndpointsClient serving,
        IOptions<DatabricksClientOptions> workspace,
        string name,
        CancellationToken cancellationToken)
    {
        try
        {
            var endpoint = await serving.GetAsync(user.Token, name, cancellationToken);
            var invocationUrl = endpoint.EndpointUrl
                ?? new Uri(workspace.Value.Host!, $"/serving-endpoints/{Uri.EscapeDataString(endpoint.Name)}/invocations").ToString();
            return TypedResults.Ok(EndpointMapper.ToDetail(endpoint, invocationUrl));
        }
        catch (DatabricksApiException exception)
        {
            return ModelServingProblems.FromWorkspace(exception, name, ModelServingErrorCodes.WorkspaceUnavailable);
        }
    }

    public static async Task<Results<Ok<SchemaDetection>, ProblemHttpResult>> GetSchemaAsync(
        CurrentUser user, SchemaDetector detector, string name, CancellationToken cancellationToken)
    {
        try
        {
            return TypedResults.Ok(await detector.DetectAsync(user, name, cancellationToken));
        }
        catch (DatabricksApiException exception)
        {
            return ModelServingProblems.FromWorkspace(exception, name, ModelServingErrorCodes.WorkspaceUnavailable);
        }
    }

    public static async Task<Results<Ok<InferenceResult>, ProblemHttpResult>> InvokeAsync(
        CurrentUser user, InvokeRequest request, InvocationService invocations, CancellationToken cancellationToken)
    {
        var (invocation, errors) = InvocationRules.Validate(request);
        if (invocation is null)
        {
            var problem = ModelServingProblems.InvalidInput("The invoke request is not valid; see errors.", errors);
            // Logged when there is an endpoint to log it under; inputs that were refused are not copied into the log.
            if (!errors.ContainsKey("endpoint_name"))
            {
                await invocations.LogRefusedAsync(user, request.EndpointName!, errors.ContainsKey("inputs") ? null : request.Inputs, problem);
            }

            return problem;
        }

        return await invocations.InvokeAsync(user, invocation, cancellationToken);
    }

    public static async Task<Results<Ok<PagedResult<InferenceLog>>, ProblemHttpResult>> ListLogsAsync(
        CurrentUser user, InferenceLogStore store, [AsParameters] LogsQuery query, CancellationToken cancellationToken)
    {
        var (page, errors) = PageRequest.Parse(query.Limit, query.Offset, DefaultLogsLimit);
        var status = string.IsNullOrEmpty(query.Status) ? null : query.Status.ToUpperInvariant();
        if (status is not null && !InferenceStatus.All.Contains(status))
        {
            (errors ??= [])["status"] = [$"must be one of {string.Join(", ", InferenceStatus.All)}"];
        }

        if (query.EndpointName is { } filter && !InvocationRules.IsStorable(filter))
        {
            (errors ??= [])["endpoint_name"] = ["must not contain control characters"];
        }

        if (errors is not null)
        {
            return ModelServingProblems.InvalidInput("The log query is not valid; see errors.", errors);
        }

        var endpointName = string.IsNullOrEmpty(query.EndpointName) ? null : query.EndpointName;
        var (items, total) = await store.ListAsync(user.UserId, endpointName, status, page.Limit, page.Offset, cancellationToken);
        return TypedResults.Ok(PagedResult<InferenceLog>.Create(items, total, page));
    }
}
