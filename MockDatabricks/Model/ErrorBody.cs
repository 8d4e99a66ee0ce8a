using System.Text.Json.Serialization;

namespace MockDatabricks.Model;

/// <summary>The standard Databricks error body: <c>{error_code, message, details}</c>.</summary>
public sealed record ErrorBody(string ErrorCode, string Message, IReadOnlyList<object>? Details = null);

public sealed record RequestInfoDetail(string RequestId, string ServingData)
{
    [JsonPropertyName("@type")]
    [JsonPropertyOrder(-1)]
    public string Type => "type.googleapis.com/google.rpc.RequestInfo";
}

public sealed record ErrorInfoDetail(string Reason, string Domain, IReadOnlyDictionary<string, string> Metadata)
{
    [JsonPropertyName("@type")]
    [JsonPropertyOrder(-1)]
    public string Type => "type.googleapis.com/google.rpc.ErrorInfo";
}

/// <summary>The legacy authentication body, whose <c>error_code</c> is a number.</summary>
public sealed record LegacyAuthErrorBody(int ErrorCode, string Message);

/// <summary>The API 1.2 error body: <c>{"error": "text"}</c>.</summary>
public sealed record LegacyErrorFieldBody(string Error);

/// <summary>The SCIM (RFC 7644) error object; its keys are camelCase and its status a string.</summary>
public sealed record ScimErrorBody(
    [property: JsonPropertyName("schemas")] IReadOnlyList<string> Schemas,
    [property: JsonPropertyName("detail")] string Detail,
    [property: JsonPropertyName("status")] string Status,
    [property: JsonPropertyName("scimType")] string? ScimType)
{
    public const string Schema = "urn:ietf:params:scim:api:messages:2.0:Error";
}
