namespace ModelServing.Service.Model;

/// <summary>One serving endpoint with its configuration and the route that invokes it.</summary>
public sealed record EndpointDetail(
    string EndpointName,
    string? EndpointId,
    string State,
    string? Task,
    string EndpointType,
    IReadOnlyList<ServedEntitySummary> ServedEntities,
    string? Creator,
    DateTime? CreatedAt,
    DateTime? UpdatedAt,
    EndpointConfiguration Config,
    string InvocationUrl);

public sealed record EndpointConfiguration(
    int? ConfigVersion,
    IReadOnlyList<ServedEntitySummary> ServedEntities,
    IReadOnlyList<TrafficRouteSummary> TrafficRoutes);

public sealed record TrafficRouteSummary(string? ServedModelName, int? TrafficPercentage);
