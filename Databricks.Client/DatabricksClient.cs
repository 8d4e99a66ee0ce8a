namespace Databricks.Client;

/// <summary>
/// The workspace, one area per property. Every method takes the caller's <see cref="DatabricksToken"/>: there is no
/// ambient credential.
/// </summary>
public sealed class DatabricksClient
{
    private readonly DatabricksTransport _transport;

    internal DatabricksClient(DatabricksTransport transport)
    {
        _transport = transport;
        Scim = new ScimClient(transport);
        UnityCatalog = new UnityCatalogClient(transport);
        Statements = new SqlStatementsClient(transport);
        ServingEndpoints = new ServingEndpointsClient(transport);
        Database = new DatabaseClient(transport);
    }

    /// <summary>False when neither DATABRICKS_HOST nor a "databricks" service reference is set.</summary>
    public bool IsConfigured => _transport.IsConfigured;

    public ScimClient Scim { get; }

    public UnityCatalogClient UnityCatalog { get; }

    public SqlStatementsClient Statements { get; }

    public ServingEndpointsClient ServingEndpoints { get; }

    public DatabaseClient Database { get; }
}
