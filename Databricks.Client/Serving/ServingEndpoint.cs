namespace Databricks.Client;

/// <summary>A serving endpoint, as listed or fetched. <see cref="Task"/> is e.g. <c>llm/v1/chat</c>; absent for custom models.</summary>
public sealed record ServingEndpoint(
    string Name,
    string? Id,
    string? Creator,
    long? CreationTimestamp,
    long? LastUpdatedTimestamp,
    ServingEndpointState? State,
    ServingEndpointConfig? Config,
    string? Task,
    IReadOnlyList<ServingEndpointTag>? Tags,
    string? Description,
    string? PermissionLevel,
    string? EndpointUrl);

/// <summary><see cref="Ready"/> is <c>READY</c> or <c>NOT_READY</c>.</summary>
public sealed record ServingEndpointState(string? Ready, string? ConfigUpdate);

public sealed record ServingEndpointConfig(
    IReadOnlyList<ServedEntity>? ServedEntities,
    IReadOnlyList<ServedModel>? ServedModels,
    int? ConfigVersion = null,
    TrafficConfig? TrafficConfig = null);

public sealed record ServedEntity(
    string? Name,
    string? EntityName,
    string? EntityVersion,
    FoundationModel? FoundationModel,
    string? WorkloadSize,
    bool? ScaleToZeroEnabled,
    ExternalModel? ExternalModel = null);

public sealed record FoundationModel(string? Name, string? DisplayName);

/// <summary>A model hosted outside Databricks (OpenAI, Anthropic, …) behind the endpoint.</summary>
public sealed record ExternalModel(string? Provider, string? Name, string? Task);

/// <summary>How requests are split between the served entities.</summary>
public sealed record TrafficConfig(IReadOnlyList<TrafficRoute>? Routes);

public sealed record TrafficRoute(string? ServedModelName, int? TrafficPercentage);

/// <summary>The legacy form of a served entity.</summary>
public sealed record ServedModel(string? Name, string? ModelName, string? ModelVersion);

public sealed record ServingEndpointTag(string Key, string? Value);
