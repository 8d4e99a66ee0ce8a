using Hosting.Postgres;

namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A PostgreSQL server run from the machine's own binaries: a copy of a cached template cluster in a per-run folder,
/// started by DCP like any executable. It needs no container engine.
/// </summary>
public sealed class LocalPostgresServerResource : ExecutableResource, IResourceWithConnectionString
{
    internal const string PrimaryEndpointName = "tcp";

    internal LocalPostgresServerResource(string name, ParameterResource password) : base(name, "/bin/sh", "/")
    {
        PasswordParameter = password;
        PrimaryEndpoint = new EndpointReference(this, PrimaryEndpointName);
    }

    public string UserName => "postgres";

    public ParameterResource PasswordParameter { get; }

    public EndpointReference PrimaryEndpoint { get; }

    /// <summary>The data folder of this run, created before the first start and kept across restarts.</summary>
    internal RunFolder? Folder { get; set; }

    /// <summary>The making of <see cref="Folder"/>, begun when the app starts.</summary>
    internal Task? FolderPreparation { get; set; }

    /// <summary>Set once the generated password has been given to the superuser of this run's cluster.</summary>
    internal bool PasswordApplied { get; set; }

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create(
        $"Host={PrimaryEndpoint.Property(EndpointProperty.Host)};Port={PrimaryEndpoint.Property(EndpointProperty.Port)};Username={UserName};Password={PasswordParameter}");

    IEnumerable<KeyValuePair<string, ReferenceExpression>> IResourceWithConnectionString.GetConnectionProperties() =>
    [
        new("Host", ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.Host)}")),
        new("Port", ReferenceExpression.Create($"{PrimaryEndpoint.Property(EndpointProperty.Port)}")),
        new("Username", ReferenceExpression.Create($"{UserName}")),
        new("Password", ReferenceExpression.Create($"{PasswordParameter}")),
    ];

    internal ReferenceExpression UriExpression(string databaseName) => ReferenceExpression.Create(
        $"postgresql://{UserName}:{PasswordParameter}@{PrimaryEndpoint.Property(EndpointProperty.Host)}:{PrimaryEndpoint.Property(EndpointProperty.Port)}/{databaseName}");
}
