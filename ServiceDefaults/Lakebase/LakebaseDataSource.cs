using Npgsql;

namespace ServiceDefaults.Lakebase;

/// <summary>
/// The service's one pool of connections to its Lakebase database, shared by raw statements, the health check, schema
/// migrations and EF Core contexts. Without a connection string every open fails with
/// <see cref="LakebaseNotConfiguredException"/>, which the error handler answers with 503 <c>LAKEBASE_NOT_CONFIGURED</c>.
/// </summary>
public sealed class LakebaseDataSource(LakebaseStatus status, NpgsqlDataSource? dataSource) : IAsyncDisposable, IDisposable
{
    /// <summary>The Npgsql data source, for an EF Core context; throws when Lakebase is not configured.</summary>
    public NpgsqlDataSource DataSource => dataSource ?? throw NotConfigured(status.ConnectionName);

    public ValueTask<NpgsqlConnection> OpenConnectionAsync(CancellationToken cancellationToken) =>
        DataSource.OpenConnectionAsync(cancellationToken);

    /// <summary>Closes the idle connections of the pool, for example once the database was found down: they died with it.</summary>
    public void Clear() => dataSource?.Clear();

    public void Dispose() => dataSource?.Dispose();

    public ValueTask DisposeAsync() => dataSource?.DisposeAsync() ?? ValueTask.CompletedTask;

    internal static LakebaseNotConfiguredException NotConfigured(string connectionName) =>
        new($"The connection string 'ConnectionStrings:{connectionName}' is not configured.");
}
