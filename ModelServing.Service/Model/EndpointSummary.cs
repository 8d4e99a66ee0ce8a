namespace ModelServing.Service.Model;

/// <summary>One serving endpoint in the list (api-contract.md §4).</summary>
public sealed record EndpointSummary(
    string EndpointName,
    string? EndpointId,
    string State,
    string? Task,
    string EndpointType,
    IReadOnlyList<ServedEntitySummary> ServedEntities,
    string? Creator,
    DateTime? CreatedAt,
    DateTime? UpdatedAt);

public sealed record ServedEntitySummary(string? Name, string? EntityName, string? EntityVersion, string? FoundationModelName);
