namespace Databricks.Client;

/// <summary>Lakebase Provisioned: credentials and instances under <c>/api/2.0/database</c>.</summary>
public sealed class DatabaseClient
{
    private const string BasePath = "/api/2.0/database";
    private readonly DatabricksTransport _transport;

    internal DatabaseClient(DatabricksTransport transport) => _transport = transport;

    /// <summary><c>POST /api/2.0/database/credentials</c> with a fresh <c>request_id</c>, reused by retries of this call.</summary>
    public Task<DatabaseCredential> GenerateCredentialAsync(
        DatabricksToken token, IReadOnlyList<string> instanceNames, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(instanceNames);
        ArgumentOutOfRangeException.ThrowIfZero(instanceNames.Count);
        var body = new CredentialRequest(instanceNames, Guid.NewGuid().ToString());
        // Minting a second credential is harmless, so this POST may be retried like a read.
        var request = DatabricksRequest.Post($"{BasePath}/credentials", body, RetryClass.Idempotent);
        return _transport.SendForJsonAsync<DatabaseCredential>(request, token, cancellationToken);
    }

    public Task<DatabaseInstance> GetInstanceAsync(DatabricksToken token, string name, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return _transport.SendForJsonAsync<DatabaseInstance>(
            DatabricksRequest.Get($"{BasePath}/instances/{Uri.EscapeDataString(name)}"), token, cancellationToken);
    }

    private sealed record CredentialRequest(IReadOnlyList<string> InstanceNames, string RequestId);
}
