using Databricks.Client;
using Microsoft.Extensions.Caching.Memory;
using ModelServing.Service.Model;

namespace ModelServing.Service.Services;

/// <summary>
/// Finds what input an endpoint expects: from its task for foundation and external models, from the workspace's
/// <c>openapi</c> route for custom models, and otherwise UNKNOWN with a generic example. A detection is kept for
/// <see cref="CacheDuration"/>, per caller and endpoint: permissions are never cached, so one caller's detection is
/// never shown to another who may lack access. Failures the workspace may recover from are not kept.
/// </summary>
public sealed class SchemaDetector(
    ServingEndpointsClient serving,
    IMemoryCache cache,
    DetectionEventRecorder recorder,
    TimeProvider time)
{
    public static readonly TimeSpan CacheDuration = TimeSpan.FromMinutes(5);

    public const string NoSchemaMessage = "This endpoint publishes no input schema; consult the model's documentation.";

    /// <exception cref="DatabricksApiException">The endpoint could not be read (missing, forbidden, workspace down).</exception>
    public async Task<SchemaDetection> DetectAsync(CurrentUser user, string name, CancellationToken cancellationToken)
    {
        var key = (nameof(SchemaDetector), user.UserId, name);
        if (cache.TryGetValue(key, out SchemaDetection? cached))
        {
            return cached!;
        }

        var started = time.GetTimestamp();
        var endpoint = await serving.GetAsync(user.Token, name, cancellationToken);
        var (detection, cacheable) = await DetectAsync(user, endpoint, cancellationToken);
        detection = detection with
        {
            LatencyMs = (long)time.GetElapsedTime(started).TotalMilliseconds,
            DetectedAt = time.GetUtcNow().UtcDateTime,
        };
        if (cacheable)
        {
            cache.Set(key, detection, CacheDuration);
        }

        await recorder.RecordAsync(user.UserId, detection);
        return detection;
    }

    private async Task<(SchemaDetection Detection, bool Cacheable)> DetectAsync(
        CurrentUser user, ServingEndpoint endpoint, CancellationToken cancellationToken)
    {
        var endpointType = EndpointMapper.TypeOf(endpoint);
        var detectedType = endpointType == EndpointKinds.CustomModel ? DetectionValues.MlflowModel : DetectionValues.FoundationModel;
        if (InputFormats.OfTask(endpoint.Task) is { } task)
        {
            return (Detected(endpoint.Name, detectedType, task.Format, task.Schema, task.Example,
                $"Input format taken from the endpoint's task '{endpoint.Task}'."), true);
        }

        string document;
        try
        {
            document = await serving.GetOpenApiAsync(user.Token, endpoint.Name, cancellationToken);
        }
        catch (DatabricksApiException exception) when (exception.StatusCode is StatusCodes.Status404NotFound)
        {
            return (Unknown(endpoint.Name, DetectionValues.Failure, NoSchemaMessage), true);
        }
        catch (DatabricksApiException exception)
        {
            var status = exception.ErrorCode == DatabricksApiException.TimeoutCode ? DetectionValues.Timeout : DetectionValues.Failure;
            return (Unknown(endpoint.Name, status,
                "The endpoint's input schema could not be read from the workspace right now; try again shortly, or consult the model's documentation."), false);
        }

        return OpenApiSchemaReader.Read(document) is { } read
            ? (Detected(endpoint.Name, DetectionValues.MlflowModel, read.InputFormat, read.Schema, read.Example,
                "Input schema taken from the endpoint's OpenAPI document (the model signature)."), true)
            : (Unknown(endpoint.Name, DetectionValues.Failure, NoSchemaMessage), true);
    }

    private static SchemaDetection Detected(
        string name, string detectedType, string format, System.Text.Json.JsonElement schema, System.Text.Json.JsonElement example, string message) =>
        new(name, detectedType, format, DetectionValues.Success, schema, example, message, 0, default);

    private static SchemaDetection Unknown(string name, string status, string message) =>
        new(name, DetectionValues.Unknown, DetectionValues.UnknownFormat, status, null, InputFormats.GenericExample, message, 0, default);
}
