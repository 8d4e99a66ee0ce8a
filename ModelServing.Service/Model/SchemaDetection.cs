using System.Text.Json;

namespace ModelServing.Service.Model;

/// <summary>What input an endpoint expects, and an example of it.</summary>
public sealed record SchemaDetection(
    string EndpointName,
    string DetectedType,
    string InputFormat,
    string Status,
    JsonElement? Schema,
    JsonElement ExampleJson,
    string? Message,
    long LatencyMs,
    DateTime DetectedAt);

/// <summary>The values of <c>detected_type</c>, <c>input_format</c> and <c>status</c> of a detection.</summary>
public static class DetectionValues
{
    public const string FoundationModel = "FOUNDATION_MODEL";
    public const string MlflowModel = "MLFLOW_MODEL";
    public const string Unknown = "UNKNOWN";

    public const string Chat = "chat";
    public const string Completions = "completions";
    public const string Embeddings = "embeddings";
    public const string DataframeSplit = "dataframe_split";
    public const string DataframeRecords = "dataframe_records";
    public const string Instances = "instances";
    public const string Inputs = "inputs";
    public const string UnknownFormat = "unknown";

    public const string Success = "SUCCESS";
    public const string Failure = "FAILURE";
    public const string Timeout = "TIMEOUT";
}
