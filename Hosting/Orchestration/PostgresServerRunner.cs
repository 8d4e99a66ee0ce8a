using Hosting.ApplicationModel;
using Hosting.Postgres;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Hosting.Orchestration;

/// <summary>
/// A local PostgreSQL server: a copy of the cached template cluster in a per-run folder, run as a supervised child
/// process. Stopping it keeps the folder, so a restart finds its databases again on the same port.
/// </summary>
internal sealed class PostgresServerRunner(
    PostgresServerResource server,
    ResourceLoggerService logs,
    PortAllocator ports,
    IConfiguration configuration) : ProcessRunner(server, logs)
{
    private PostgresInstallation? _installation;
    private ServerUser? _user;
    private RunFolder? _folder;
    private bool _everReady;
    private bool _passwordSet;

    public override string Type => "Postgres";

    public override IReadOnlyList<string> Urls => [$"tcp://{server.TcpEndpoint.Host}:{server.TcpEndpoint.Port}"];

    // SIGINT is PostgreSQL's fast shutdown; SIGTERM would wait for every pooled client connection to close.
    protected override int StopSignal => ChildProcess.SigInt;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (_folder is null)
        {
            RunFolder.DeleteAbandoned();
            _installation = PostgresInstallation.Find(configuration);
            _user = ServerUser.Resolve();
            var template = await TemplateCluster.EnsureAsync(_installation, _user, configuration, cancellationToken);
            _folder = await RunFolder.CreateAsync(template, _user, cancellationToken);
        }

        await base.StartAsync(cancellationToken);
        _everReady = true;
    }

    protected override ProcessCommand CreateCommand()
    {
        var (fileName, arguments) = _user!.Command(_installation!.Tool("postgres"),
        [
            "-D", _folder!.DataDirectory,
            "-p", server.TcpEndpoint.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "-c", "listen_addresses=localhost",
            "-c", $"unix_socket_directories={_folder.Path}",
            "-c", "max_connections=300",
            // A throw-away development cluster: durability buys nothing and costs start-up and write latency.
            "-c", "fsync=off",
            "-c", "synchronous_commit=off",
            "-c", "full_page_writes=off",
            // Tables created and filled in one transaction (seed data) then skip the write-ahead log.
            "-c", "wal_level=minimal",
            "-c", "max_wal_senders=0",
        ]);
        return new ProcessCommand(fileName, arguments, "/", new Dictionary<string, string>(), []);
    }

    protected override async Task<bool> IsReadyAsync(CancellationToken cancellationToken)
    {
        // The Unix socket with trust authentication works before the password exists.
        var socket = new NpgsqlConnectionStringBuilder
        {
            Host = _folder!.Path,
            Port = server.TcpEndpoint.Port,
            Username = server.UserName,
            Database = "postgres",
            Pooling = false,
            Timeout = 2,
        };
        try
        {
            await using var connection = new NpgsqlConnection(socket.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            if (!_passwordSet)
            {
                // Generated letters and digits only, so it is safe as a literal; ALTER ROLE takes no parameters.
                await using var command = new NpgsqlCommand($"ALTER ROLE \"{server.UserName}\" WITH PASSWORD '{server.Password}'", connection);
                await command.ExecuteNonQueryAsync(cancellationToken);
                _passwordSet = true;
            }

            return true;
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            return false;
        }
    }

    public override Task<bool> CheckHealthAsync(CancellationToken cancellationToken) =>
        PostgresProbe.CanConnectAsync(server.ConnectionString!, "postgres", cancellationToken);

    // After the first start, services already hold this port in their connection strings.
    protected override bool TryMoveToNewPort()
    {
        if (_everReady)
        {
            return false;
        }

        server.TcpEndpoint.Port = ports.Next();
        return true;
    }

    public override void Cleanup() => _folder?.Delete();
}

/// <summary>A PostgreSQL server named by configuration: nothing is started, stopped or deleted.</summary>
internal sealed class ExternalPostgresRunner(PostgresServerResource server) : ResourceRunner(server)
{
    public override string Type => "Postgres";

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!await CheckHealthAsync(cancellationToken))
        {
            throw new ResourceStartException($"'{server.Name}': the server in ConnectionStrings:{server.Name} cannot be reached.");
        }
    }

    public override Task<bool> CheckHealthAsync(CancellationToken cancellationToken) =>
        PostgresProbe.CanConnectAsync(server.ConnectionString!, null, cancellationToken);

    public override Task StopAsync() =>
        throw new NotSupportedException($"'{server.Name}' is an external server (ConnectionStrings:{server.Name}); Hosting does not stop it.");
}

/// <summary>Creates its database when the server is ready; healthy while the database accepts connections.</summary>
internal sealed class PostgresDatabaseRunner(PostgresDatabaseResource database) : ResourceRunner(database)
{
    public override string Type => "PostgresDatabase";

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(database.Server.ConnectionString) { Database = "postgres", Pooling = false };
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(cancellationToken);
        var quoted = "\"" + database.DatabaseName.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";
        await using var command = new NpgsqlCommand($"CREATE DATABASE {quoted}", connection);
        try
        {
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.DuplicateDatabase)
        {
            // Created by an earlier run against the same external server.
        }
    }

    public override Task<bool> CheckHealthAsync(CancellationToken cancellationToken) =>
        database.Server.ConnectionString is null
            ? Task.FromResult(false)
            : PostgresProbe.CanConnectAsync(database.Server.ConnectionString, database.DatabaseName, cancellationToken);

    public override Task StopAsync() =>
        throw new NotSupportedException($"'{database.Name}' is a database; stop its server '{database.Server.Name}' instead.");
}

internal static class PostgresProbe
{
    public static async Task<bool> CanConnectAsync(string connectionString, string? database, CancellationToken cancellationToken)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 2 };
        if (database is not null)
        {
            builder.Database = database;
        }

        try
        {
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken);
            return true;
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException)
        {
            return false;
        }
    }
}
