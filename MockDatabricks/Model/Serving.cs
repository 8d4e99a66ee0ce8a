namespace MockDatabricks.Model;

public sealed record ServingEndpointInfo(
    string Name,
    string Id,
    string Creator,
    long CreationTimestamp,
    long LastUpdatedTimestamp,
    EndpointState State,
    EndpointConfig? Config,
    string? Task,
    IReadOnlyList<EndpointTag> Tags,
    string? Description,
    string? PermissionLevel = null,
    bool? RouteOptimized = null,
    EndpointConfig? PendingConfig = null);

public sealed record EndpointState(string Ready, string ConfigUpdate);

public sealed record EndpointConfig(IReadOnlyList<ServedEntity> ServedEntities, int? ConfigVersion = null, TrafficConfig? TrafficConfig = null);

public sealed record ServedEntity(
    string Name,
    string? EntityName,
    string? EntityVersion,
    FoundationModelInfo? FoundationModel,
    string? WorkloadSize = null,
    bool? ScaleToZeroEnabled = null,
    ServedEntityState? State = null,
    ExternalModelInfo? ExternalModel = null);

public sealed record FoundationModelInfo(string Name, string DisplayName, string Description, string Docs);

/// <summary>A model served from another provider through the endpoint (facts §6.1: provider, name, task).</summary>
public sealed record ExternalModelInfo(string Provider, string Name, string Task);

public sealed record ServedEntityState(string Deployment, string DeploymentStateMessage);

public sealed record TrafficConfig(IReadOnlyList<TrafficRoute> Routes);

public sealed record TrafficRoute(string ServedModelName, int TrafficPercentage);

public sealed record EndpointTag(string Key, string Value);

public sealed record ServingEndpointList(IReadOnlyList<ServingEndpointInfo> Endpoints);
