using System.Security.Cryptography;
using Hosting.ApplicationModel;

namespace Hosting;

public static class PostgresBuilderExtensions
{
    private const string PasswordAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    /// <summary>
    /// Adds a PostgreSQL server: a local one from the PostgreSQL binaries, or the existing server named by
    /// <c>ConnectionStrings:{name}</c> when configuration supplies it.
    /// </summary>
    public static IResourceBuilder<PostgresServerResource> AddPostgres(this IDistributedApplicationBuilder builder, string name) =>
        builder.AddResource(new PostgresServerResource(name, RandomNumberGenerator.GetString(PasswordAlphabet, 24)));

    /// <summary>Adds a database that is created on the server once it is ready.</summary>
    public static IResourceBuilder<PostgresDatabaseResource> AddDatabase(
        this IResourceBuilder<PostgresServerResource> server, string name, string? databaseName = null)
    {
        var database = new PostgresDatabaseResource(name, databaseName ?? name, server.Resource);
        server.Resource.Databases.Add(database);
        return server.ApplicationBuilder.AddResource(database);
    }
}
