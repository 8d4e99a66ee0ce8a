namespace Tests.Support;

/// <summary>Reads a running PostgreSQL server's command line from /proc.</summary>
public static class PostgresProcess
{
    public static bool IsPostgres(int pid) => File.ReadAllText($"/proc/{pid}/cmdline").Contains("-D\0", StringComparison.Ordinal);

    /// <summary>The server's data folder (its -D argument).</summary>
    public static string DataFolderOf(int postgresPid)
    {
        var arguments = File.ReadAllText($"/proc/{postgresPid}/cmdline").Split('\0');
        return arguments[Array.IndexOf(arguments, "-D") + 1];
    }
}
