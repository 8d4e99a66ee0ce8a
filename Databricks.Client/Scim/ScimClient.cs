namespace Databricks.Client;

/// <summary>Identity: who a token belongs to.</summary>
public sealed class ScimClient
{
    private readonly DatabricksTransport _transport;

    internal ScimClient(DatabricksTransport transport) => _transport = transport;

    /// <summary><c>GET /api/2.0/preview/scim/v2/Me</c>.</summary>
    public Task<ScimUser> GetMeAsync(DatabricksToken token, CancellationToken cancellationToken = default) =>
        _transport.SendForJsonAsync<ScimUser>(DatabricksRequest.Get("/api/2.0/preview/scim/v2/Me"), token, cancellationToken);
}
