using System.Text.Json;

namespace ModelServing.Service.Model;

/// <summary>
/// Body of <c>POST /invoke</c>. <see cref="TimeoutSeconds"/> stays raw JSON so that a wrong value is reported in
/// <c>errors.timeout_seconds</c> rather than as an unreadable body.
/// </summary>
public sealed record InvokeRequest(string? EndpointName, JsonElement? Inputs, JsonElement? TimeoutSeconds, TableSource? TableSource);

/// <summary>A Unity Catalog table whose rows are scored, read through the catalog service.</summary>
public sealed record TableSource(
    string? Catalog,
    string? Schema,
    string? Table,
    IReadOnlyList<string>? Columns,
    JsonElement? Filters,
    int? Limit);
