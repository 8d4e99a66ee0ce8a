namespace Aspire.Hosting.ApplicationModel;

/// <summary>
/// A database on a local or existing PostgreSQL server (<see cref="LocalPostgresServerResource"/>,
/// <see cref="ExistingPostgresServerResource"/>), created once its server is ready. Its connection string is the
/// server's with <c>Database=</c> added, as for Aspire's own <c>PostgresDatabaseResource</c>.
/// </summary>
public sealed class PostgresDatabaseOnServerResource(string name, string databaseName, IResourceWithConnectionString server)
    : Resource(name), IResourceWithParent<IResourceWithConnectionString>, IResourceWithConnectionString
{
    public IResourceWithConnectionString Parent { get; } = server;

    public string DatabaseName { get; } = databaseName;

    /// <summary>Completed once the database exists on its server.</summary>
    internal TaskCompletionSource Created { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{Parent};Database={DatabaseName}");

    IEnumerable<KeyValuePair<string, ReferenceExpression>> IResourceWithConnectionString.GetConnectionProperties() => Parent is LocalPostgresServerResource local
        ? local.CombineProperties([
            new("DatabaseName", ReferenceExpression.Create($"{DatabaseName}")),
            new("Uri", local.UriExpression(DatabaseName)),
        ])
        : [new("DatabaseName", ReferenceExpression.Create($"{DatabaseName}"))];
}
