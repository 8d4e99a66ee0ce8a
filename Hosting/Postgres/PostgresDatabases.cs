using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Hosting.Postgres;

/// <summary>
/// Databases on a local or existing server: declared as child resources, created with <c>CREATE DATABASE</c> when the
/// server is ready (as Aspire's own <c>AddDatabase</c> does), healthy while they accept connections.
/// </summary>
internal static class PostgresDatabases
{
    public static IResourceBuilder<PostgresDatabaseOnServerResource> Add(
        IDistributedApplicationBuilder builder, IResourceWithConnectionString server, string name, string? databaseName)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var database = new PostgresDatabaseOnServerResource(name, databaseName ?? name, server);
        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey, _ => new DatabaseHealthCheck(database), failureStatus: null, tags: null));

        return builder.AddResource(database)
            .WithIconName("Database")
            .WithHealthCheck(healthCheckKey)
            .ExcludeFromManifest();
    }

    /// <summary>Creates every database of <paramref name="server"/> that does not exist yet.</summary>
    public static async Task CreateAsync(IResourceWithConnectionString server, IEnumerable<IResource> resources, IServiceProvider services, CancellationToken cancellationToken)
    {
        var databases = resources.OfType<PostgresDatabaseOnServerResource>().Where(d => d.Parent == server).ToList();
        if (databases.Count == 0)
        {
            return;
        }

        var connectionString = new NpgsqlConnectionStringBuilder(await server.ConnectionStringExpression.GetValueAsync(cancellationToken))
        {
            Database = "postgres",
            Pooling = false,
        };
        var logs = services.GetRequiredService<ResourceLoggerService>();
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        await using var connection = new NpgsqlConnection(connectionString.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        foreach (var database in databases)
        {
            var quoted = "\"" + database.DatabaseName.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
            await using var command = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
            try
            {
                await command.ExecuteNonQueryAsync(cancellationToken);
                logs.GetLogger(database).LogInformation("Created database {Database}", database.DatabaseName);
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
            {
                // Kept from before a restart, or created by an earlier run against the same existing server.
            }

            database.Created.TrySetResult();
            // Aspire mirrors a parent's state onto its children only for containers; the database runs once it exists.
            await notifications.PublishUpdateAsync(database, s => s with
            {
                State = KnownResourceStates.Running,
                StartTimeStamp = s.StartTimeStamp ?? DateTime.UtcNow,
            });
        }
    }

    /// <summary>Marks every database of <paramref name="server"/> FailedToStart: the server could not be started.</summary>
    public static async Task FailAsync(IResourceWithConnectionString server, IEnumerable<IResource> resources, IServiceProvider services)
    {
        var notifications = services.GetRequiredService<ResourceNotificationService>();
        foreach (var database in resources.OfType<PostgresDatabaseOnServerResource>().Where(d => d.Parent == server))
        {
            await notifications.PublishUpdateAsync(database, s => s with { State = KnownResourceStates.FailedToStart });
        }
    }

    /// <summary>Waits briefly for the database's creation, so the first check after start-up can already pass.</summary>
    private sealed class DatabaseHealthCheck(PostgresDatabaseOnServerResource database) : IHealthCheck
    {
        private static readonly TimeSpan CreationGrace = TimeSpan.FromSeconds(3);

        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            try
            {
                await database.Created.Task.WaitAsync(CreationGrace, cancellationToken);
                var connectionString = await database.Parent.ConnectionStringExpression.GetValueAsync(cancellationToken);
                await PostgresConnections.OpenAsync(connectionString!, database.DatabaseName, cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (TimeoutException) when (!database.Created.Task.IsCompleted)
            {
                return HealthCheckResult.Unhealthy($"Database '{database.DatabaseName}' has not been created yet.");
            }
            catch (Exception e) when (PostgresConnections.IsUnreachable(e))
            {
                return HealthCheckResult.Unhealthy($"Database '{database.DatabaseName}' does not accept connections.", e);
            }
        }
    }
}
