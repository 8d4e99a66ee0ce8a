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

    /// <summary>What to try when an endpoint publishes nothing: MLflow's most common form with placeholder columns.</summary>
    public static readonly JsonElement GenericExample =
        Parse("""{"dataframe_split":{"columns":["feature_1","feature_2"],"data":[[1.0,"value"]]}}""");

    /// <summary>The <c>llm/v1/*</c> tasks: the input format, the JSON schema of the request body, and an example.</summary>
    private static readonly Dictionary<string, TaskInput> Tasks = new(StringComparer.Ordinal)
    {
        ["llm/v1/chat"] = new(
            DetectionValues.Chat,
            Parse("""
                {"type":"object","required":["messages"],"properties":{
                  "messages":{"type":"array","minItems":1,"items":{"type":"object","required":["role","content"],"properties":{
                    "role":{"type":"string","enum":["system","user","assistant"]},"content":{"type":"string"}}}},
                  "max_tokens":{"type":"integer","minimum":1},"temperature":{"type":"number","minimum":0,"maximum":2}}}
                """),
            Parse("""{"messages":[{"role":"user","content":"Hello! What can you do?"}],"max_tokens":128}""")),
        ["llm/v1/completions"] = new(
            DetectionValues.Completions,
            Parse("""
                {"type":"object","required":["prompt"],"properties":{
                  "prompt":{"oneOf":[{"type":"string"},{"type":"array","items":{"type":"string"}}]},
                  "max_tokens":{"type":"integer","minimum":1},"temperature":{"type":"number","minimum":0,"maximum":2}}}
                """),
            Parse("""{"prompt":"Once upon a time","max_tokens":128}""")),
        ["llm/v1/embeddings"] = new(
            DetectionValues.Embeddings,
            Parse("""
                {"type":"object","required":["input"],"properties":{
                  "input":{"oneOf":[{"type":"string"},{"type":"array","items":{"type":"string"}}]}}}
                """),
            Parse("""{"input":"The quick brown fox jumps over the lazy dog."}""")),
    };

    public sealed record TaskInput(string Format, JsonElement Schema, JsonElement Example);

    public static string? FormatOfKey(string key) => Keys.FirstOrDefault(k => k.Key == key).Format;

    /// <summary>The input of an <c>llm/v1/*</c> task; null for any other task, or none.</summary>
    public static TaskInput? OfTask(string? task) => Tasks.GetValueOrDefault(task ?? "");

    /// <summary>The example of a format that a task also has (a custom model that speaks chat, say).</summary>
    public static JsonElement? TaskExample(string format) => Tasks.Values.FirstOrDefault(t => t.Format == format)?.Example;

    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
