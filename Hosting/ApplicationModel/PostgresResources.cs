namespace Hosting.ApplicationModel;

/// <summary>
/// A PostgreSQL server: local binaries in a temporary data folder, or the server that
/// <c>ConnectionStrings:{name}</c> names, when configuration supplies one.
/// </summary>
public sealed class PostgresServerResource : Resource, IResourceWithConnectionString
{
    public PostgresServerResource(string name, string password) : base(name)
    {
        Password = password;
        Annotations.Add(new EndpointAnnotation("tcp", "tcp"));
    }

    public string UserName => "postgres";

    public string Password { get; }

    public EndpointAnnotation TcpEndpoint => AnnotationsOf<EndpointAnnotation>().First();

    public List<PostgresDatabaseResource> Databases { get; } = [];

    /// <summary>Set when configuration names an existing server; nothing is started then.</summary>
    public string? ExternalConnectionString { get; internal set; }

    public string? ConnectionString => ExternalConnectionString ?? (TcpEndpoint.IsAllocated
        ? $"Host={TcpEndpoint.Host};Port={TcpEndpoint.Port};Username={UserName};Password={Password}"
        : null);
}

/// <summary>A database on a <see cref="PostgresServerResource"/>, created once the server is ready.</summary>
public sealed class PostgresDatabaseResource(string name, string databaseName, PostgresServerResource parent)
    : Resource(name), IResourceWithConnectionString, IResourceWithParent
{
    public string DatabaseName { get; } = databaseName;

    public PostgresServerResource Server { get; } = parent;

    public IResource Parent => Server;

    public string? ConnectionString => Server.ConnectionString is { } server ? $"{server};Database={DatabaseName}" : null;
}
