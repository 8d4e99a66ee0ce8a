namespace Aspire.Hosting.ApplicationModel;

/// <summary>A PostgreSQL server that already runs elsewhere, named by <c>ConnectionStrings:{name}</c>: nothing is started or stopped.</summary>
public sealed class ExistingPostgresServerResource(string name, string connectionString) : Resource(name), IResourceWithConnectionString
{
    public ReferenceExpression ConnectionStringExpression => ReferenceExpression.Create($"{connectionString}");
}
