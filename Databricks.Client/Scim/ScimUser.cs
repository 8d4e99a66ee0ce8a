using System.Text.Json.Serialization;

namespace Databricks.Client;

/// <summary>The SCIM user behind a token. SCIM keys are camelCase, unlike the rest of the API.</summary>
public sealed record ScimUser(
    [property: JsonPropertyName("id")] string? Id,
    [property: JsonPropertyName("userName")] string? UserName,
    [property: JsonPropertyName("displayName")] string? DisplayName,
    [property: JsonPropertyName("active")] bool? Active,
    [property: JsonPropertyName("emails")] IReadOnlyList<ScimEmail>? Emails);

public sealed record ScimEmail(
    [property: JsonPropertyName("value")] string? Value,
    [property: JsonPropertyName("type")] string? Type,
    [property: JsonPropertyName("primary")] bool? Primary);
