namespace Tests.Support;

/// <summary>A local PostgreSQL server as a process: its command line from /proc, and a statement run on it.</summary>
public static class PostgresProcess
{
    public static bool IsPostgres(int pid) => File.ReadAllText($"/proc/{pid}/cmdline").Contains("-D\0", StringComparison.Ordinal);

    /// <summary>
    /// The <c>postgres</c> process of a local PostgreSQL resource, whose own process is the shell that turns SIGTERM into
    /// a fast shutdown.
    /// </summary>
    public static int ServerPid(int resourcePid)
    {
        if (IsPostgres(resourcePid) && !File.ReadAllText($"/proc/{resourcePid}/comm").StartsWith("sh", StringComparison.Ordinal))
        {
            return resourcePid;
        }

        var children = File.ReadAllText($"/proc/{resourcePid}/task/{resourcePid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return int.Parse(children.Single(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Runs one statement on a fresh, unpooled connection and returns the first value.</summary>
    public static async Task<object?> ScalarAsync(string connectionString, string sql, CancellationToken cancellationToken)
    {
        var unpooled = new Npgsql.NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 5 };
        await using var connection = new Npgsql.NpgsqlConnection(unpooled.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        await using var command = new Npgsql.NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>The server's data folder (its -D argument).</summary>
    public static string DataFolderOf(int postgresPid)
    {
        var arguments = File.ReadAllText($"/proc/{postgresPid}/cmdline").Split('\0');
        return arguments[Array.IndexOf(arguments, "-D") + 1];
    }
}
