using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace Aspire.Hosting;

public static class PostgresServerBuilderExtensions
{
    /// <summary>The setting that asks for Aspire's PostgreSQL container even when running locally.</summary>
    public const string ModeSetting = "Postgres:Mode";

    /// <summary>
    /// Adds the app's PostgreSQL server, chosen in this order:
    /// <list type="number">
    /// <item>an existing server when <c>ConnectionStrings:{name}</c> is configured;</item>
    /// <item>Aspire's <c>AddPostgres</c> container in publish mode, or when <c>Postgres:Mode=container</c>;</item>
    /// <item>otherwise a server from the local PostgreSQL binaries (<see cref="LocalPostgresBuilderExtensions.AddLocalPostgres"/>).</item>
    /// </list>
    /// </summary>
    public static PostgresServer AddPostgresServer(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        ArgumentNullException.ThrowIfNull(builder);

        if (builder.Configuration.GetConnectionString(name) is { Length: > 0 } connectionString)
        {
            var existing = builder.AddExistingPostgres(name, connectionString);
            return new PostgresServer(existing, (database, databaseName) => existing.AddDatabase(database, databaseName));
        }

        if (builder.ExecutionContext.IsPublishMode || string.Equals(builder.Configuration[ModeSetting], "container", StringComparison.OrdinalIgnoreCase))
        {
            var container = builder.AddPostgres(name);
            return new PostgresServer(container, (database, databaseName) => container.AddDatabase(database, databaseName));
        }

        var local = builder.AddLocalPostgres(name);
        return new PostgresServer(local, (database, databaseName) => local.AddDatabase(database, databaseName));
    }
}

/// <summary>The app's PostgreSQL server, whichever kind <see cref="PostgresServerBuilderExtensions.AddPostgresServer"/> chose.</summary>
public sealed class PostgresServer(
    IResourceBuilder<IResourceWithConnectionString> server,
    Func<string, string?, IResourceBuilder<IResourceWithConnectionString>> addDatabase)
{
    public IResourceBuilder<IResourceWithConnectionString> Resource { get; } = server;

    /// <summary>Adds a database that is created on the server once it is ready.</summary>
    public IResourceBuilder<IResourceWithConnectionString> AddDatabase([ResourceName] string name, string? databaseName = null) =>
        addDatabase(name, databaseName);
}
