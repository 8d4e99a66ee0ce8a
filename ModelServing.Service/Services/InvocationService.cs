using System.Text.Json;
using Databricks.Client;
using Microsoft.AspNetCore.Http.HttpResults;
using ModelServing.Service.Apis;
using ModelServing.Service.Infrastructure;
using ModelServing.Service.Model;

namespace ModelServing.Service.Services;

/// <summary>
/// One invocation: reads the table source if there is one, calls the endpoint with the caller's token inside the
/// request's time budget (the client's retries included), and writes the log row, whatever the outcome.
/// </summary>
public sealed partial class InvocationService(
    ServingEndpointsClient serving,
    CatalogQueryClient catalog,
    InferenceLogWriter logs,
    TimeProvider time,
    ILogger<InvocationService> logger)
{
    private const string ErrorCodeField = "error_code";

    public async Task<Results<Ok<InferenceResult>, ProblemHttpResult>> InvokeAsync(
        CurrentUser user, ValidInvocation invocation, CancellationToken requestAborted)
    {
        var row = NewRow(user, invocation.EndpointName, invocation.Inputs ?? TableSourceAsInputs(invocation.TableSource!));
        var started = time.GetTimestamp();
        using var budget = new CancellationTokenSource(TimeSpan.FromSeconds(invocation.TimeoutSeconds), time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(requestAborted, budget.Token);
        Results<Ok<InferenceResult>, ProblemHttpResult> outcome;
        try
        {
            var body = invocation.Inputs is { } inputs
                ? inputs.GetRawText()
                : $$"""{"dataframe_records":{{(await catalog.ReadRowsAsync(invocation.TableSource!, linked.Token)).GetRawText()}}}""";
            var answer = await serving.InvokeAsync(user.Token, invocation.EndpointName, body, linked.Token);
            var predictions = PredictionsOf(answer.Body);
            row.Status = InferenceStatus.Success;
            row.Predictions = predictions.GetRawText();
            outcome = TypedResults.Ok(new InferenceResult(
                row.RequestId, invocation.EndpointName, InferenceStatus.Success, predictions, Elapsed(started), time.GetUtcNow().UtcDateTime, user.UserId));
        }
        catch (OperationCanceledException) when (!requestAborted.IsCancellationRequested)
        {
            outcome = ModelServingProblems.ModelTimeout(invocation.TimeoutSeconds);
        }
        catch (OperationCanceledException)
        {
            // Nobody reads this answer, but the invocation happened (or was cut short) and is logged like any other.
            outcome = ModelServingProblems.ClientClosedRequest();
        }
        catch (DatabricksApiException exception)
        {
            outcome = ModelServingProblems.FromWorkspace(exception, invocation.EndpointName);
        }
        catch (CatalogQueryException exception)
        {
            outcome = ModelServingProblems.FromCatalog(exception);
        }

        row.ExecutionTimeMs = Elapsed(started);
        row.CompletedAt = time.GetUtcNow().UtcDateTime;
        if (outcome.Result is ProblemHttpResult problem)
        {
            var errorCode = (string)problem.ProblemDetails.Extensions[ErrorCodeField]!;
            row.Status = errorCode == ModelServingErrorCodes.ModelTimeout ? InferenceStatus.Timeout : InferenceStatus.Error;
            row.ErrorCode = errorCode;
            row.ErrorMessage = problem.ProblemDetails.Detail;
        }

        await logs.WriteAsync(row);
        LogInference(row.RequestId, row.EndpointName, row.Status, row.UserId, row.ExecutionTimeMs, row.ErrorCode);
        return outcome;
    }

    /// <summary>The row of a request refused before anything was sent.</summary>
    public Task LogRefusedAsync(CurrentUser user, string endpointName, JsonElement? inputs, ProblemHttpResult problem)
    {
        var row = NewRow(user, endpointName, inputs);
        row.Status = InferenceStatus.Error;
        row.ErrorCode = (string)problem.ProblemDetails.Extensions[ErrorCodeField]!;
        row.ErrorMessage = problem.ProblemDetails.Detail;
        row.CompletedAt = row.CreatedAt;
        return logs.WriteAsync(row);
    }

    /// <summary>Custom models answer <c>predictions</c> (or <c>outputs</c>); chat, completions and embeddings, their whole body.</summary>
    public static JsonElement PredictionsOf(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object && (body.TryGetProperty("predictions", out var found) || body.TryGetProperty("outputs", out found))
            ? found
            : body;

    private InferenceLogRow NewRow(CurrentUser user, string endpointName, JsonElement? inputs) => new()
    {
        RequestId = Guid.CreateVersion7().ToString(),
        EndpointName = endpointName,
        UserId = user.UserId,
        Inputs = inputs?.GetRawText(),
        Status = InferenceStatus.Error,
        CreatedAt = time.GetUtcNow().UtcDateTime,
    };

    // The log keeps what was asked for, not the rows read: the table may hold far more than anyone wants in a log.
    private static JsonElement TableSourceAsInputs(TableSource source) =>
        JsonSerializer.SerializeToElement(new { table_source = source }, ServiceDefaults.Json.ApiJson.SerializerOptions);

    private long Elapsed(long started) => (long)time.GetElapsedTime(started).TotalMilliseconds;

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Inference {InferenceRequestId} on {EndpointName}: {InferenceStatus} for {UserId} in {ExecutionTimeMs} ms ({ErrorCode})")]
    private partial void LogInference(string inferenceRequestId, string endpointName, string inferenceStatus, string userId, long executionTimeMs, string? errorCode);
}
