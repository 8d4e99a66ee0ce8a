using System.Text.Json;
using System.Text.Json.Serialization;

namespace Databricks.Client;

/// <summary>The workspace speaks snake_case JSON; fields we do not model are ignored.</summary>
internal static class DatabricksJson
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };
}
