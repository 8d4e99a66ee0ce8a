using System.Text.Json.Serialization;

namespace MockDatabricks.Model;

/// <summary>A SCIM User; SCIM keys are camelCase, unlike the rest of the REST API.</summary>
public sealed record ScimUser(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("userName")] string UserName,
    [property: JsonPropertyName("displayName")] string DisplayName,
    [property: JsonPropertyName("name")] ScimName? Name,
    [property: JsonPropertyName("emails")] IReadOnlyList<ScimValue> Emails,
    [property: JsonPropertyName("groups")] IReadOnlyList<ScimValue> Groups,
    [property: JsonPropertyName("entitlements")] IReadOnlyList<ScimValue> Entitlements,
    [property: JsonPropertyName("active")] bool Active,
    [property: JsonPropertyName("schemas")] IReadOnlyList<string> Schemas);

public sealed record ScimName(
    [property: JsonPropertyName("givenName")] string? GivenName,
    [property: JsonPropertyName("familyName")] string? FamilyName);

public sealed record ScimValue(
    [property: JsonPropertyName("value")] string Value,
    [property: JsonPropertyName("display")] string? Display = null,
    [property: JsonPropertyName("type")] string? Type = null,
    [property: JsonPropertyName("primary")] bool? Primary = null,
    [property: JsonPropertyName("$ref")] string? Ref = null);
