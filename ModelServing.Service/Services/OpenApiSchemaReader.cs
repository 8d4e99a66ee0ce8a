using System.Text.Json;
using System.Text.Json.Nodes;
using ModelServing.Service.Model;

namespace ModelServing.Service.Services;

/// <summary>
/// Reads a custom model's request schema from the OpenAPI document the workspace publishes for its endpoint: the
/// <c>application/json</c> request body of the first invocation path, whose alternatives (<c>oneOf</c>) each name one
/// input form, and whose record schema lists the model signature's columns.
/// </summary>
public static class OpenApiSchemaReader
{
    public sealed record ReadSchema(string InputFormat, JsonElement Schema, JsonElement Example);

    /// <returns>
    /// Null when the document is not JSON, is not shaped as OpenAPI expects, or describes no input form this service
    /// knows: the document comes from the workspace, so an odd one makes the schema UNKNOWN, never a failure.
    /// </returns>
    public static ReadSchema? Read(string document)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(document);
        }
        catch (JsonException)
        {
            return null;
        }

        var schema = (Child(root, "paths") as JsonObject)?
            .Select(path => Child(Child(Child(Child(Child(path.Value, "post"), "requestBody"), "content"), "application/json"), "schema"))
            .FirstOrDefault(s => s is JsonObject);
        if (schema is null)
        {
            return null;
        }

        var alternatives = schema["oneOf"] is JsonArray oneOf ? [.. oneOf.OfType<JsonObject>()] : new List<JsonObject> { (JsonObject)schema };
        var format = alternatives
            .SelectMany(a => (a["properties"] as JsonObject)?.Select(p => p.Key) ?? [])
            .Select(InputFormats.FormatOfKey)
            .FirstOrDefault(f => f is not null);
        if (format is null)
        {
            return null;
        }

        var example = InputFormats.TaskExample(format) ?? MlflowExample(format, Columns(alternatives));
        return new ReadSchema(format, InputFormats.Parse(schema.ToJsonString()), example);
    }

    /// <summary>The signature's columns and their JSON types, from the record schema of any alternative.</summary>
    private static List<(string Name, string? Type)> Columns(List<JsonObject> alternatives) =>
        alternatives
            .SelectMany(a => (a["properties"] as JsonObject)?.Select(p => Child(Child(p.Value, "items"), "properties")) ?? [])
            .OfType<JsonObject>()
            .Select(record => record.Select(column => (column.Key, TypeOf(Child(column.Value, "type")))).ToList())
            .FirstOrDefault() ?? [];

    /// <summary>A member of an object; null for anything else, so that a document of another shape reads as nothing.</summary>
    private static JsonNode? Child(JsonNode? node, string name) => node is JsonObject value ? value[name] : null;

    /// <summary>A JSON schema type: a name, or OpenAPI 3.1's list such as <c>["integer", "null"]</c>.</summary>
    private static string? TypeOf(JsonNode? type) => type switch
    {
        JsonValue value when value.TryGetValue<string>(out var name) => name,
        JsonArray names => names.OfType<JsonValue>()
            .Select(n => n.TryGetValue<string>(out var name) ? name : null)
            .FirstOrDefault(name => name is not null and not "null"),
        _ => null,
    };

    private static JsonElement MlflowExample(string format, List<(string Name, string? Type)> columns)
    {
        var record = new JsonObject();
        foreach (var (name, type) in columns)
        {
            record[name] = ExampleValue(type);
        }

        JsonNode body = format switch
        {
            DetectionValues.DataframeSplit => new JsonObject
            {
                ["columns"] = new JsonArray([.. columns.Select(c => (JsonNode)JsonValue.Create(c.Name))]),
                ["data"] = new JsonArray(new JsonArray([.. columns.Select(c => ExampleValue(c.Type))])),
            },
            DetectionValues.Inputs => new JsonObject(columns.Select(c => KeyValuePair.Create(c.Name, (JsonNode?)new JsonArray(ExampleValue(c.Type))))),
            _ => new JsonArray(record),
        };
        return InputFormats.Parse(new JsonObject { [format] = body }.ToJsonString());
    }

    /// <summary>A placeholder value of each JSON type; anything else (a string, or no type) gets a string.</summary>
    private static readonly Dictionary<string, string> ExampleValues = new(StringComparer.Ordinal)
    {
        ["integer"] = "1",
        ["number"] = "1.5",
        ["boolean"] = "true",
    };

    private static JsonNode ExampleValue(string? jsonType) => JsonNode.Parse(ExampleValues.GetValueOrDefault(jsonType ?? "", "\"example\""))!;
}
