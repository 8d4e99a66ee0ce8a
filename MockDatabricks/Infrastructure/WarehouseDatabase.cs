using System.Security.Cryptography;
using System.Text;
using Npgsql;
using ServiceDefaults.Lakebase;

namespace MockDatabricks.Infrastructure;

/// <summary>The <c>warehouse</c> PostgreSQL database, and the naming of the roles that stand for principals.</summary>
public sealed class WarehouseDatabase(NpgsqlDataSource dataSource) : IAsyncDisposable
{
    private readonly string _rolePrefix = RolePrefix(new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).Database ?? "warehouse");

    public NpgsqlDataSource DataSource => dataSource;

    /// <summary>
    /// Runs <paramref name="work"/> (one transaction) and, if a restart that nothing saw left dead sessions in the pool,
    /// clears the pool and runs it once more on a fresh connection.
    /// </summary>
    public Task RetryOnTerminatedSessionAsync(Func<Task> work) =>
        RetryOnTerminatedSessionAsync(async () =>
        {
            await work();
            return 0;
        });

    /// <inheritdoc cref="RetryOnTerminatedSessionAsync(Func{Task})"/>
    public async Task<T> RetryOnTerminatedSessionAsync<T>(Func<Task<T>> work)
    {
        try
        {
            return await work();
        }
        catch (Exception e) when (DatabaseErrors.IsTerminatedSession(e))
        {
            dataSource.Clear();
            return await work();
        }
    }

    public string Host => new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).Host ?? "localhost";

    public int Port => new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).Port;

    /// <summary>
    /// Roles are cluster-wide, so the name carries a hash of the database name: two workspaces on one server keep
    /// their roles apart. The principal's numeric id keeps the name short and free of quoting surprises.
    /// </summary>
    public string RoleName(Services.Principal principal) => $"{_rolePrefix}_{principal.Id}";

    public static string QuoteIdentifier(string name) => $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    public ValueTask DisposeAsync() => dataSource.DisposeAsync();

    private static string RolePrefix(string database) =>
        $"dbx_{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(database)))[..8]}";
}
