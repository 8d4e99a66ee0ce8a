using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Hosting.Postgres;

/// <summary>
/// Healthy once the server accepts the app's password over TCP. The first time it reaches the server (through the
/// Unix socket, where the template cluster trusts local users) it gives the superuser this run's password.
/// </summary>
internal sealed class LocalPostgresHealthCheck(LocalPostgresServerResource server) : IHealthCheck
{
    // The server accepts connections about 0.3 s after it starts. Waiting here for up to this long saves a whole
    // step of Aspire's one-second health-check interval at every start.
    private static readonly TimeSpan StartupGrace = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(50);

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (server.Folder is not { } folder)
        {
            return HealthCheckResult.Unhealthy("The server has not started.");
        }

        var deadline = DateTime.UtcNow + StartupGrace;
        while (true)
        {
            try
            {
                if (!server.PasswordApplied)
                {
                    await ApplyPasswordAsync(folder, cancellationToken);
                }

                var connectionString = await server.ConnectionStringExpression.GetValueAsync(cancellationToken);
                await PostgresConnections.OpenAsync(connectionString!, "postgres", cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception e) when (PostgresConnections.IsUnreachable(e))
            {
                if (DateTime.UtcNow + RetryDelay >= deadline)
                {
                    return HealthCheckResult.Unhealthy("The server does not accept connections.", e);
                }

                await Task.Delay(RetryDelay, cancellationToken);
            }
        }
    }

    private async Task ApplyPasswordAsync(RunFolder folder, CancellationToken cancellationToken)
    {
        var socket = new NpgsqlConnectionStringBuilder
        {
            Host = folder.Path,
            Port = server.PrimaryEndpoint.Port,
            Username = server.UserName,
            Database = "postgres",
            Pooling = false,
            Timeout = 2,
        };
        await using var connection = new NpgsqlConnection(socket.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        var password = await server.PasswordParameter.GetValueAsync(cancellationToken);
        // Generated letters and digits only, so it is safe as a literal; ALTER ROLE takes no parameters.
        await using var command = new NpgsqlCommand($"ALTER ROLE \"{server.UserName}\" WITH PASSWORD '{password}'", connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
        server.PasswordApplied = true;
    }
}
