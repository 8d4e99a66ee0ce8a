using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using MockDatabricks.Model;

namespace MockDatabricks.Services.Serving;

/// <summary>The serving endpoints of the reference data, and the per-caller call counts of the flaky one.</summary>
public sealed class ServingEndpointCatalog(ReferenceData data, PrincipalDirectory principals)
{
    private readonly ConcurrentDictionary<string, int> _calls = new(StringComparer.OrdinalIgnoreCase);

    public IReadOnlyList<ServingEndpointSeed> All { get; } = data.ServingEndpoints.OrderBy(e => e.Name, StringComparer.Ordinal).ToList();

    public ServingEndpointSeed? Find(string name) => All.FirstOrDefault(e => string.Equals(e.Name, name, StringComparison.Ordinal));

    /// <summary>
    /// Counts a call; true while it is one of the endpoint's failing calls after a reset. Counted per caller, so
    /// tests with their own users do not eat each other's failures.
    /// </summary>
    public bool FailsThisCall(ServingEndpointSeed endpoint, Principal caller) =>
        _calls.AddOrUpdate($"{endpoint.Name}|{caller.UserName}", 1, (_, n) => n + 1) <= endpoint.FailuresAfterReset;

    public void ResetCounters() => _calls.Clear();

    /// <summary>The served entity's name: the foundation or external model, or the custom model with its version.</summary>
    public static string ServedName(ServingEndpointSeed seed) =>
        seed.FoundationModel ?? seed.ExternalModel ?? $"{seed.Name}-{seed.ModelVersion ?? "1"}";

    public ServingEndpointInfo ToInfo(ServingEndpointSeed seed, bool detailed)
    {
        var creator = principals.All.FirstOrDefault(p => p.Groups.Contains("admins"))?.UserName ?? "admin";
        var servedName = ServedName(seed);
        var entity = new ServedEntity(
            servedName,
            seed.FoundationModel is null ? seed.Model : null,
            seed.FoundationModel is null ? seed.ModelVersion : null,
            seed.FoundationModel is { } foundation ? new FoundationModelInfo(foundation, foundation, $"The {foundation} foundation model.", "https://docs.databricks.com/machine-learning/foundation-models/index.html") : null,
            detailed ? "Small" : null,
            detailed ? true : null,
            detailed ? new ServedEntityState(seed.Ready ? "DEPLOYMENT_READY" : "DEPLOYMENT_CREATING", seed.Ready ? "" : "Served entity creation is pending.") : null,
            seed.ExternalModel is { } external ? new ExternalModelInfo(seed.ExternalProvider ?? "openai", external, seed.Task ?? "llm/v1/chat") : null);
        var config = detailed
            ? new EndpointConfig([entity], 1, new TrafficConfig([new TrafficRoute(servedName, 100)]))
            : new EndpointConfig([entity]);
        return new ServingEndpointInfo(
            seed.Name,
            Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(seed.Name)))[..32],
            creator,
            data.Workspace.CreatedAt,
            data.Workspace.CreatedAt,
            new EndpointState(seed.Ready ? "READY" : "NOT_READY", seed.ConfigUpdate ?? (seed.Ready ? "NOT_UPDATING" : "IN_PROGRESS")),
            // An endpoint still being created has only the configuration it is moving to (facts §6.1: pending_config).
            seed.Creating ? null : config,
            seed.Task,
            [new EndpointTag("kind", seed.Kind)],
            $"Mock endpoint: {seed.Behaviour}.",
            detailed ? "CAN_QUERY" : null,
            detailed ? false : null,
            seed.Creating ? config : null);
    }
}
