using System.Security.Cryptography;
using System.Text;
using Npgsql;

namespace MockDatabricks.Infrastructure;

/// <summary>The <c>warehouse</c> PostgreSQL database, and the naming of the roles that stand for principals.</summary>
public sealed class WarehouseDatabase : IAsyncDisposable
{
    private const string PasswordAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private readonly NpgsqlDataSource dataSource;
    private readonly string _rolePrefix;
    private readonly Lazy<NpgsqlDataSource> _statements;

    public WarehouseDatabase(NpgsqlDataSource dataSource)
    {
        this.dataSource = dataSource;
        _rolePrefix = RolePrefix(new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).Database ?? "warehouse");
        RunnerPassword = RandomNumberGenerator.GetString(PasswordAlphabet, 32);
        _statements = new(() => new NpgsqlDataSourceBuilder(new NpgsqlConnectionStringBuilder(dataSource.ConnectionString)
        {
            Username = RunnerRoleName,
            Password = RunnerPassword,
        }.ConnectionString).Build());
    }

    /// <summary>The mock's own connection: it seeds data and manages roles and grants.</summary>
    public NpgsqlDataSource DataSource => dataSource;

    /// <summary>
    /// Callers' statements log in as <see cref="RunnerRoleName"/>, which is no superuser and holds no privilege of its
    /// own: it can only <c>SET ROLE</c> to a principal's role, so no statement can climb back to the mock's own rights.
    /// </summary>
    public NpgsqlDataSource Statements => _statements.Value;

    public string RunnerRoleName => $"{_rolePrefix}_runner";

    /// <summary>Generated at every start, letters and digits only, so it is safe as a literal in <c>ALTER ROLE</c>.</summary>
    public string RunnerPassword { get; }

    public string Host => new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).Host ?? "localhost";

    public int Port => new NpgsqlConnectionStringBuilder(dataSource.ConnectionString).Port;

    /// <summary>
    /// Roles are cluster-wide, so the name carries a hash of the database name: two workspaces on one server keep
    /// their roles apart. The principal's numeric id keeps the name short and free of quoting surprises.
    /// </summary>
    public string RoleName(Services.Principal principal) => $"{_rolePrefix}_{principal.Id}";

    public static string QuoteIdentifier(string name) => $"\"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    public async ValueTask DisposeAsync()
    {
        if (_statements.IsValueCreated)
        {
            await _statements.Value.DisposeAsync();
        }

        await dataSource.DisposeAsync();
    }

    private static string RolePrefix(string database) =>
        $"dbx_{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(database)))[..8]}";
}
