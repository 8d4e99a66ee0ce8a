using System.Text.Json;
using ModelServing.Service.Model;

namespace ModelServing.Service.Services;

/// <summary>
/// The input forms a serving endpoint understands (databricks-rest-api.md §6.2): the chat, completions and embeddings
/// bodies, and the four keys of MLflow's scoring protocol. Each form is named by one top-level key.
/// </summary>
public static class InputFormats
{
    /// <summary>Top-level key → <c>input_format</c>, in the order detection prefers them.</summary>
    public static readonly IReadOnlyList<(string Key, string Format)> Keys =
    [
        ("messages", DetectionValues.Chat),
        ("prompt", DetectionValues.Completions),
        ("input", DetectionValues.Embeddings),
        ("dataframe_split", DetectionValues.DataframeSplit),
        ("dataframe_records", DetectionValues.DataframeRecords),
        ("instances", DetectionValues.Instances),
        ("inputs", DetectionValues.Inputs),
    ];

    public static string? FormatOfKey(string key) => Keys.FirstOrDefault(k => k.Key == key).Format;

    /// <summary>The input formats of the <c>llm/v1/*</c> tasks.</summary>
    public static string? FormatOfTask(string? task) => task switch
    {
        "llm/v1/chat" => DetectionValues.Chat,
        "llm/v1/completions" => DetectionValues.Completions,
        "llm/v1/embeddings" => DetectionValues.Embeddings,
        _ => null,
    };

    /// <summary>The JSON schema of a task's request body.</summary>
    public static JsonElement TaskSchema(string format) => Parse(format switch
    {
        DetectionValues.Chat => """
            {"type":"object","required":["messages"],"properties":{
              "messages":{"type":"array","minItems":1,"items":{"type":"object","required":["role","content"],"properties":{
                "role":{"type":"string","enum":["system","user","assistant"]},"content":{"type":"string"}}}},
              "max_tokens":{"type":"integer","minimum":1},"temperature":{"type":"number","minimum":0,"maximum":2}}}
            """,
        DetectionValues.Completions => """
            {"type":"object","required":["prompt"],"properties":{
              "prompt":{"oneOf":[{"type":"string"},{"type":"array","items":{"type":"string"}}]},
              "max_tokens":{"type":"integer","minimum":1},"temperature":{"type":"number","minimum":0,"maximum":2}}}
            """,
        _ => """
            {"type":"object","required":["input"],"properties":{
              "input":{"oneOf":[{"type":"string"},{"type":"array","items":{"type":"string"}}]}}}
            """,
    });

    /// <summary>An example request body of a task.</summary>
    public static JsonElement TaskExample(string format) => Parse(format switch
    {
        DetectionValues.Chat => """{"messages":[{"role":"user","content":"Hello! What can you do?"}],"max_tokens":128}""",
        DetectionValues.Completions => """{"prompt":"Once upon a time","max_tokens":128}""",
        _ => """{"input":"The quick brown fox jumps over the lazy dog."}""",
    });

    /// <summary>What to try when an endpoint publishes nothing: MLflow's most common form with placeholder columns.</summary>
    public static readonly JsonElement GenericExample =
        Parse("""{"dataframe_split":{"columns":["feature_1","feature_2"],"data":[[1.0,"value"]]}}""");

    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
