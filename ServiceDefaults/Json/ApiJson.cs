using System.Text.Json;

namespace ServiceDefaults.Json;

/// <summary>
/// The JSON conventions of api-contract.md §1.5: snake_case names and UTC timestamps with a <c>Z</c> and milliseconds.
/// Minimal APIs use them through AddServiceDefaults; use <see cref="SerializerOptions"/> when calling another service.
/// </summary>
public static class ApiJson
{
    /// <summary>Web defaults plus our conventions; read-only.</summary>
    public static JsonSerializerOptions SerializerOptions { get; } = CreateSerializerOptions();

    public static void Configure(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);

        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.Converters.Add(new UtcDateTimeJsonConverter());
        options.Converters.Add(new UtcDateTimeOffsetJsonConverter());
    }

    private static JsonSerializerOptions CreateSerializerOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        Configure(options);
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
