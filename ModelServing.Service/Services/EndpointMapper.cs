using Databricks.Client;
using ModelServing.Service.Model;

namespace ModelServing.Service.Services;

/// <summary>The workspace's serving endpoint, in the shapes of api-contract.md §4.</summary>
public static class EndpointMapper
{
    public static EndpointSummary ToSummary(ServingEndpoint endpoint) => new(
        endpoint.Name,
        endpoint.Id,
        StateOf(endpoint.State),
        endpoint.Task,
        TypeOf(endpoint),
        ServedEntities(endpoint),
        endpoint.Creator,
        FromEpochMilliseconds(endpoint.CreationTimestamp),
        FromEpochMilliseconds(endpoint.LastUpdatedTimestamp));

    public static EndpointDetail ToDetail(ServingEndpoint endpoint, string invocationUrl)
    {
        var summary = ToSummary(endpoint);
        var routes = endpoint.Config?.TrafficConfig?.Routes ?? [];
        return new EndpointDetail(
            summary.EndpointName,
            summary.EndpointId,
            summary.State,
            summary.Task,
            summary.EndpointType,
            summary.ServedEntities,
            summary.Creator,
            summary.CreatedAt,
            summary.UpdatedAt,
            new EndpointConfiguration(
                endpoint.Config?.ConfigVersion,
                summary.ServedEntities,
                [.. routes.Select(r => new TrafficRouteSummary(r.ServedModelName, r.TrafficPercentage))]),
            invocationUrl);
    }

    /// <summary>
    /// A failed or cancelled update wins over readiness (the endpoint needs attention), an update in progress on a
    /// ready endpoint is UPDATING, and otherwise readiness decides.
    /// </summary>
    public static string StateOf(ServingEndpointState? state) => (state?.Ready, state?.ConfigUpdate) switch
    {
        (_, "UPDATE_FAILED" or "UPDATE_CANCELED") => EndpointKinds.Failed,
        ("READY", "IN_PROGRESS") => EndpointKinds.Updating,
        ("READY", _) => EndpointKinds.Ready,
        _ => EndpointKinds.NotReady,
    };

    public static string TypeOf(ServingEndpoint endpoint)
    {
        var entities = endpoint.Config?.ServedEntities ?? [];
        return entities.Any(e => e.ExternalModel is not null) ? EndpointKinds.ExternalModel
            : entities.Any(e => e.FoundationModel is not null) ? EndpointKinds.FoundationModel
            : EndpointKinds.CustomModel;
    }

    private static List<ServedEntitySummary> ServedEntities(ServingEndpoint endpoint) =>
        [.. (endpoint.Config?.ServedEntities ?? []).Select(e =>
            new ServedEntitySummary(e.Name, e.EntityName ?? e.ExternalModel?.Name, e.EntityVersion, e.FoundationModel?.Name))];

    private static DateTime? FromEpochMilliseconds(long? milliseconds) =>
        milliseconds is { } value ? DateTimeOffset.FromUnixTimeMilliseconds(value).UtcDateTime : null;
}
