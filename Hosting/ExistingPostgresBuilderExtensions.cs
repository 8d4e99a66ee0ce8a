using Aspire.Hosting.ApplicationModel;
using Hosting.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Aspire.Hosting;

public static class ExistingPostgresBuilderExtensions
{
    /// <summary>
    /// Adds a PostgreSQL server that already runs elsewhere. Nothing is started or stopped; the databases declared on
    /// it are created there once it answers.
    /// </summary>
    public static IResourceBuilder<ExistingPostgresServerResource> AddExistingPostgres(
        this IDistributedApplicationBuilder builder, [ResourceName] string name, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentException.ThrowIfNullOrEmpty(connectionString);

        var server = new ExistingPostgresServerResource(name, connectionString);
        var database = new NpgsqlConnectionStringBuilder(connectionString).Database ?? "postgres";
        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().AddAsyncCheck(healthCheckKey, async cancellationToken =>
        {
            try
            {
                await PostgresConnections.OpenAsync(connectionString, database, cancellationToken);
                return HealthCheckResult.Healthy();
            }
            catch (Exception e) when (PostgresConnections.IsUnreachable(e))
            {
                return HealthCheckResult.Unhealthy($"The server in ConnectionStrings:{name} cannot be reached.", e);
            }
        });

        builder.Eventing.Subscribe<ResourceReadyEvent>(server, (@event, cancellationToken) =>
            PostgresDatabases.CreateAsync(server, builder.Resources, @event.Services, cancellationToken));

        return builder.AddResource(server)
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "PostgresServer",
                State = KnownResourceStates.NotStarted,
                Properties = [],
            })
            .OnInitializeResource(async (resource, @event, cancellationToken) =>
            {
                // There is no process to wait for: the server runs as soon as the app does, and its health check
                // tells whether it answers. Its databases run once they exist.
                await @event.Notifications.PublishUpdateAsync(resource, s => s with { State = KnownResourceStates.Running });

                await @event.Eventing.PublishAsync(new ConnectionStringAvailableEvent(resource, @event.Services), cancellationToken);
            })
            .WithIconName("DatabaseMultiple")
            .WithHealthCheck(healthCheckKey)
            .ExcludeFromManifest();
    }

    /// <summary>Adds a database that is created on the existing server once it answers.</summary>
    public static IResourceBuilder<PostgresDatabaseOnServerResource> AddDatabase(
        this IResourceBuilder<ExistingPostgresServerResource> server, [ResourceName] string name, string? databaseName = null) =>
        PostgresDatabases.Add(server.ApplicationBuilder, server.Resource, name, databaseName);
}
