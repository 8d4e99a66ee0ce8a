using Npgsql;

namespace Hosting.Postgres;

internal static class PostgresConnections
{
    /// <summary>Opens and closes one unpooled connection to <paramref name="database"/> on the server of <paramref name="connectionString"/>.</summary>
    public static async Task OpenAsync(string connectionString, string database, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Database = database, Pooling = false, Timeout = 2 };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
    }

    /// <summary>The failures of a server that is not (yet) there, as opposed to a bug.</summary>
    public static bool IsUnreachable(Exception e) => e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException;
}
