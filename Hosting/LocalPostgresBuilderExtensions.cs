using System.Security.Cryptography;
using Aspire.Hosting.ApplicationModel;
using Hosting.Postgres;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Aspire.Hosting;

public static class LocalPostgresBuilderExtensions
{
    private const string WaitForResourceCleanupSetting = "DcpPublisher:WaitForResourceCleanup";
    private const string PasswordAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    // Runs the server under a shell that turns DCP's SIGTERM into PostgreSQL's fast shutdown (SIGINT): a SIGTERM
    // is PostgreSQL's "smart" shutdown, which waits for every pooled client connection to close. When the server
    // has stopped because its AppHost died (DCP cleans up after a killed AppHost), the shell also deletes the data
    // folder, which nobody else is left to delete.
    private const string FastShutdownWrapper =
        """
        apphost=$1; folder=$2; shift 2
        trap 'kill -INT "$pg" 2>/dev/null' TERM INT
        "$@" &
        pg=$!
        wait "$pg"; status=$?
        while kill -0 "$pg" 2>/dev/null; do wait "$pg"; status=$?; done
        kill -0 "$apphost" 2>/dev/null || rm -rf "$folder"
        exit "$status"
        """;

    /// <summary>
    /// Adds a PostgreSQL server run from the local binaries (PATH, /usr/lib/postgresql/*/bin or
    /// <c>Postgres:BinDirectory</c>), with a generated password, a health check, and a data folder that lives as
    /// long as the app. As root it runs as the <c>postgres</c> system user.
    /// </summary>
    public static IResourceBuilder<LocalPostgresServerResource> AddLocalPostgres(this IDistributedApplicationBuilder builder, [ResourceName] string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrEmpty(name);

        var password = RandomNumberGenerator.GetString(PasswordAlphabet, 24);
        var server = new LocalPostgresServerResource(name, new ParameterResource($"{name}-password", _ => password, secret: true));

        builder.Services.TryAddSingleton<RunFolders>();
        // The data folder is deleted when the app has stopped: by default the app waits until DCP reports the server
        // stopped. An app that chose not to wait still finds the folder deleted, once the server has exited.
        builder.Configuration[WaitForResourceCleanupSetting] ??= "true";
        var healthCheckKey = $"{name}_check";
        builder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            healthCheckKey, _ => new LocalPostgresHealthCheck(server), failureStatus: null, tags: null));

        if (builder.ExecutionContext.IsRunMode)
        {
            // The data folder (a copy of the template cluster) is made while DCP itself starts, about 1.5 s that the
            // server would otherwise add to every start; the server's start waits for it.
            builder.Eventing.Subscribe<BeforeStartEvent>((@event, _) =>
            {
                var stopping = @event.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
                server.FolderPreparation = Task.Run(() => PrepareFolderAsync(server, @event.Services, stopping), stopping);
                return Task.CompletedTask;
            });
        }

        builder.Eventing.Subscribe<BeforeResourceStartedEvent>(server, (@event, cancellationToken) =>
            AwaitFolderAsync(server, builder.Resources, @event.Services, cancellationToken));
        builder.Eventing.Subscribe<ResourceReadyEvent>(server, (@event, cancellationToken) =>
            PostgresDatabases.CreateAsync(server, builder.Resources, @event.Services, cancellationToken));

        return builder.AddResource(server)
            .WithEndpoint(name: LocalPostgresServerResource.PrimaryEndpointName, scheme: "tcp", env: "PGPORT", isProxied: false)
            .WithArgs(context => AddServerArguments(server, context))
            .WithIconName("DatabaseMultiple")
            .WithHealthCheck(healthCheckKey)
            .ExcludeFromManifest();
    }

    /// <summary>Adds a database that is created on the local server once the server is ready.</summary>
    public static IResourceBuilder<PostgresDatabaseOnServerResource> AddDatabase(
        this IResourceBuilder<LocalPostgresServerResource> server, [ResourceName] string name, string? databaseName = null) =>
        PostgresDatabases.Add(server.ApplicationBuilder, server.Resource, name, databaseName);

    private static async Task PrepareFolderAsync(LocalPostgresServerResource server, IServiceProvider services, CancellationToken cancellationToken)
    {
        var configuration = services.GetRequiredService<Microsoft.Extensions.Configuration.IConfiguration>();
        RunFolder.DeleteAbandoned();
        var installation = PostgresInstallation.Find(configuration);
        var user = ServerUser.Resolve();
        var template = await TemplateCluster.EnsureAsync(installation, user, configuration, cancellationToken);
        server.Folder = services.GetRequiredService<RunFolders>().Track(await RunFolder.CreateAsync(template, installation, user, cancellationToken));
    }

    private static async Task AwaitFolderAsync(LocalPostgresServerResource server, IEnumerable<IResource> resources, IServiceProvider services, CancellationToken cancellationToken)
    {
        if (server.Folder is not null)
        {
            return; // A restart finds its data again.
        }

        try
        {
            await (server.FolderPreparation ?? PrepareFolderAsync(server, services, cancellationToken)).WaitAsync(cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            if (e is PostgresNotFoundException)
            {
                // One line that says what to do, in the console and on the resource, rather than a stack trace.
                services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LocalPostgresServerResource).FullName!)
                    .LogError("'{Resource}' cannot start: {Reason}", server.Name, e.Message);
                services.GetRequiredService<ResourceLoggerService>().GetLogger(server).LogError("{Reason}", e.Message);
            }

            // Aspire ends the server in FailedToStart; its databases end with it, so whatever waits for them stops waiting.
            await PostgresDatabases.FailAsync(server, resources, services);
            throw;
        }
    }

    private static void AddServerArguments(LocalPostgresServerResource server, CommandLineArgsCallbackContext context)
    {
        // Evaluated for each start; before the first one (a manifest, a test reading arguments) there is no folder yet.
        if (server.Folder is not { } folder)
        {
            return;
        }

        var (program, arguments) = folder.User.Command(folder.Installation.Tool("postgres"),
        [
            "-D", folder.DataDirectory,
            "-c", "listen_addresses=localhost",
            "-c", $"unix_socket_directories={folder.Path}",
            "-c", "max_connections=300",
            // A throw-away development cluster: durability buys nothing and costs start-up and write latency.
            "-c", "fsync=off",
            "-c", "synchronous_commit=off",
            "-c", "full_page_writes=off",
            // Tables created and filled in one transaction (seed data) then skip the write-ahead log.
            "-c", "wal_level=minimal",
            "-c", "max_wal_senders=0",
        ]);
        context.Args.Add("-c");
        context.Args.Add(FastShutdownWrapper);
        context.Args.Add(server.Name);
        context.Args.Add(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        context.Args.Add(folder.Path);
        context.Args.Add(program);
        foreach (var argument in arguments)
        {
            context.Args.Add(argument);
        }
    }
}
