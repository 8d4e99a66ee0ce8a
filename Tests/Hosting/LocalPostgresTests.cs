using System.Diagnostics;
using System.Globalization;
using AppHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Npgsql;
using Tests.Support;
using Xunit.Abstractions;

namespace Tests.Hosting;

/// <summary>
/// The local PostgreSQL integration (<c>AddLocalPostgres</c>, <c>AddExistingPostgres</c>, <c>AddPostgresServer</c>) on
/// small topologies of its own: start order, stop and start, clean-up, failures that say what to do, the existing-server
/// mode, the template cache, and the model chosen for publishing.
/// </summary>
public sealed class LocalPostgresTests(ITestOutputHelper output) : AppScope(output)
{
    [Fact]
    public async Task WaitFor_keeps_a_project_waiting_until_its_database_is_healthy()
    {
        var builder = CreateBuilder();
        var database = builder.AddLocalPostgres("pg").AddDatabase("appdb");
        builder.AddProject<Projects.Lakebase_Service>("api").AsLocalService().WithReference(database).WaitFor(database);
        var app = await BuildAsync(builder);
        var events = new List<(string Name, string? State, HealthStatus? Health, bool HasPid)>();
        using var stopWatching = CancellationTokenSource.CreateLinkedTokenSource(TestTimeout);
        var watching = Task.Run(async () =>
        {
            await foreach (var e in app.ResourceNotifications.WatchAsync(stopWatching.Token))
            {
                lock (events)
                {
                    events.Add((e.Resource.Name, e.Snapshot.State?.Text, e.Snapshot.HealthStatus,
                        e.Snapshot.Properties.Any(p => p.Name == "executable.pid" && p.Value is not null)));
                }
            }
        }, TestTimeout);

        await app.StartAsync(TestTimeout);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("api", TestTimeout);
        await stopWatching.CancelAsync();
        await watching.ContinueWith(_ => { }, TaskScheduler.Default);

        lock (events)
        {
            var apiWaiting = events.FindIndex(e => e.Name == "api" && e.State == KnownResourceStates.Waiting);
            var databaseHealthy = events.FindIndex(e => e.Name == "appdb" && e.State == KnownResourceStates.Running && e.Health == HealthStatus.Healthy);
            // Aspire publishes "Starting" before "Waiting"; the process itself exists once the snapshot has a pid.
            var apiStarted = events.FindIndex(e => e.Name == "api" && (e.HasPid || e.State == KnownResourceStates.Running));
            var trace = string.Join(Environment.NewLine, events.Select((e, i) => $"{i}: {e}"));
            apiWaiting.Should().BeGreaterThanOrEqualTo(0, "the api waits for its database:{0}{1}", Environment.NewLine, trace);
            databaseHealthy.Should().BeGreaterThan(apiWaiting, "the api was waiting before the database was healthy:{0}{1}", Environment.NewLine, trace);
            apiStarted.Should().BeGreaterThan(databaseHealthy, "the api starts only once its database is healthy:{0}{1}", Environment.NewLine, trace);
        }
    }

    [Fact]
    public async Task Stopping_PostgreSQL_keeps_its_data_and_port_and_starting_it_again_finds_them()
    {
        var builder = CreateBuilder();
        builder.AddLocalPostgres("pg").AddDatabase("appdb");
        var app = await StartAsync(builder);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("appdb", TestTimeout);
        var connectionString = (await app.GetConnectionStringAsync("appdb", TestTimeout))!;
        await ExecuteAsync(connectionString, "CREATE TABLE kept (value text); INSERT INTO kept VALUES ('still here')");
        var firstPid = (await app.GetPidAsync("pg", TestTimeout))!.Value;
        var dataFolder = PostgresProcess.DataFolderOf(PostgresPid(firstPid));

        await app.StopResourceAsync("pg", TestTimeout);

        (await app.SnapshotAsync("pg", TestTimeout)).State?.Text.Should().BeOneOf(KnownResourceStates.Finished, KnownResourceStates.Exited);
        Directory.Exists($"/proc/{firstPid}").Should().BeFalse("the server process has stopped");
        Directory.Exists(dataFolder).Should().BeTrue("a stopped server keeps its data folder");
        var whileStopped = () => ExecuteAsync(connectionString, "SELECT 1");
        await whileStopped.Should().ThrowAsync<NpgsqlException>();

        await app.StartResourceAsync("pg", TestTimeout);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("appdb", TestTimeout);

        var secondPid = (await app.GetPidAsync("pg", TestTimeout))!.Value;
        secondPid.Should().NotBe(firstPid, "a new process was started");
        PostgresProcess.DataFolderOf(PostgresPid(secondPid)).Should().Be(dataFolder);
        (await app.GetConnectionStringAsync("appdb", TestTimeout)).Should().Be(connectionString, "same port, same password");
        (await ExecuteAsync(connectionString, "SELECT value FROM kept")).Should().Be("still here");
    }

    [Fact]
    public async Task Disposing_the_app_leaves_no_process_and_no_data_folder()
    {
        var builder = CreateBuilder();
        var database = builder.AddLocalPostgres("pg").AddDatabase("appdb");
        builder.AddProject<Projects.Lakebase_Service>("api").AsLocalService().WithReference(database).WaitFor(database);
        var app = await StartAsync(builder);
        await app.WaitForAllHealthyAsync(TestTimeout);
        var pg = (await app.GetPidAsync("pg", TestTimeout))!.Value;
        var server = PostgresPid(pg);
        var api = (await app.GetPidAsync("api", TestTimeout))!.Value;
        var runFolder = Path.GetDirectoryName(PostgresProcess.DataFolderOf(server))!;
        Directory.Exists(runFolder).Should().BeTrue();
        Path.GetFileName(runFolder).Should().StartWith($"hosting-pg-{Environment.ProcessId}-");

        await app.DisposeAsync();

        new[] { pg, server, api }.Should().AllSatisfy(pid => Directory.Exists($"/proc/{pid}").Should().BeFalse($"process {pid} should have exited"));
        Directory.Exists(runFolder).Should().BeFalse("the data folder lives as long as the app");
    }

    [Fact]
    public async Task Missing_binaries_fail_the_server_with_one_line_that_says_what_to_do()
    {
        var captured = new CapturingLoggerProvider();
        var builder = CreateBuilder(new Dictionary<string, string?> { ["Postgres:BinDirectory"] = "/nonexistent/bin" });
        builder.Services.AddLogging(logging => logging.AddProvider(captured));
        var database = builder.AddLocalPostgres("pg").AddDatabase("appdb");
        builder.AddProject<Projects.Lakebase_Service>("api").AsLocalService().WithReference(database).WaitFor(database);

        var app = await StartAsync(builder);
        var server = await app.ResourceNotifications.WaitForResourceAsync("pg", KnownResourceStates.TerminalStates, TestTimeout);

        server.Should().Be(KnownResourceStates.FailedToStart);
        var line = await app.WaitForLogAsync("pg", "install PostgreSQL", TestTimeout);
        line.IsErrorMessage.Should().BeTrue();
        line.Content.Should().Contain("ConnectionStrings__postgres").And.Contain("Postgres:BinDirectory").And.NotContain("\n");
        captured.Entries.Should().Contain(e => e.Level == LogLevel.Error && e.Exception == null
            && e.Message.Contains("'pg' cannot start", StringComparison.Ordinal) && e.Message.Contains("install PostgreSQL", StringComparison.Ordinal)
            && e.Message.Contains("ConnectionStrings__postgres", StringComparison.Ordinal) && !e.Message.Contains('\n', StringComparison.Ordinal));
        // Its database fails with it, so the project that waits for it stops waiting and never starts.
        (await app.ResourceNotifications.WaitForResourceAsync("appdb", KnownResourceStates.TerminalStates, TestTimeout)).Should().Be(KnownResourceStates.FailedToStart);
        (await app.ResourceNotifications.WaitForResourceAsync("api", KnownResourceStates.TerminalStates, TestTimeout)).Should().Be(KnownResourceStates.FailedToStart);
        (await app.GetPidAsync("api", TestTimeout)).Should().BeNull();
        app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<LocalPostgresServerResource>().Single().Folder
            .Should().BeNull("no data folder is made without binaries");
    }

    [Fact]
    public async Task A_configured_connection_string_uses_that_server_and_starts_no_process()
    {
        var serverBuilder = CreateBuilder();
        serverBuilder.AddLocalPostgres("pg");
        var server = await StartAsync(serverBuilder);
        await server.ResourceNotifications.WaitForResourceHealthyAsync("pg", TestTimeout);
        var external = (await server.GetConnectionStringAsync("pg", TestTimeout))!;

        var builder = CreateBuilder(new Dictionary<string, string?> { ["ConnectionStrings:shared"] = external });
        var shared = builder.AddPostgresServer("shared");
        shared.AddDatabase("extdb");
        var app = await StartAsync(builder);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("extdb", TestTimeout);

        shared.Resource.Resource.Should().BeOfType<ExistingPostgresServerResource>();
        (await app.SnapshotAsync("shared", TestTimeout)).State?.Text.Should().Be(KnownResourceStates.Running);
        (await app.GetPidAsync("shared", TestTimeout)).Should().BeNull("nothing is started for an existing server");
        app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ExecutableResource>().Should().BeEmpty();
        app.Services.GetService<global::Hosting.Postgres.RunFolders>().Should().BeNull("no local server, so no data folder, was prepared");
        (await app.GetConnectionStringAsync("shared", TestTimeout)).Should().Be(external);
        (await app.GetConnectionStringAsync("extdb", TestTimeout)).Should().Be($"{external};Database=extdb");
        (await ExecuteAsync($"{external};Database=extdb", "SELECT current_database()")).Should().Be("extdb");
        (await app.ResourceCommands.ExecuteCommandAsync("shared", KnownResourceCommands.StopCommand, TestTimeout)).Success
            .Should().BeFalse("an existing server is not the app's to stop");
    }

    [Fact]
    public async Task The_template_cluster_is_built_once_with_initdb_and_then_reused()
    {
        var cache = Path.Combine(Path.GetTempPath(), $"hosting-test-templates-{Guid.NewGuid():N}");
        try
        {
            var configuration = new Dictionary<string, string?> { ["Postgres:TemplateCache"] = cache };
            var first = CreateBuilder(configuration);
            first.AddLocalPostgres("pg");
            await (await StartAsync(first)).ResourceNotifications.WaitForResourceHealthyAsync("pg", TestTimeout);

            var template = Directory.GetDirectories(cache).Should().ContainSingle().Subject;
            File.Exists(Path.Combine(template, "PG_VERSION")).Should().BeTrue();
            var marker = Path.Combine(template, "reused-marker");
            await File.WriteAllTextAsync(marker, "written after the first start", TestTimeout);

            var second = CreateBuilder(configuration);
            second.AddLocalPostgres("pg");
            var app = await StartAsync(second);
            await app.ResourceNotifications.WaitForResourceHealthyAsync("pg", TestTimeout);

            Directory.GetDirectories(cache).Should().Equal([template], "the second run reuses the template and leaves no scratch folder");
            File.Exists(marker).Should().BeTrue("initdb did not run again");
            var dataFolder = PostgresProcess.DataFolderOf(PostgresPid((await app.GetPidAsync("pg", TestTimeout))!.Value));
            File.Exists(Path.Combine(dataFolder, "reused-marker")).Should().BeTrue("the second server's data is a copy of the template");
        }
        finally
        {
            await DisposeAsync();
            if (Directory.Exists(cache))
            {
                Directory.Delete(cache, recursive: true);
            }
        }
    }

    [Fact]
    public async Task Folders_left_by_a_killed_host_are_removed_at_the_next_start_and_live_ones_are_kept()
    {
        using var gone = Process.Start("true")!;
        await gone.WaitForExitAsync(TestTimeout);
        var abandoned = Path.Combine(Path.GetTempPath(), $"hosting-pg-{gone.Id}-deadbeef");
        Directory.CreateDirectory(Path.Combine(abandoned, "data"));
        await File.WriteAllTextAsync(Path.Combine(abandoned, "data", "postmaster.pid"), $"{gone.Id}\n", TestTimeout);
        using var alive = Process.Start("sleep", "300")!;
        var live = Path.Combine(Path.GetTempPath(), $"hosting-pg-{alive.Id}-cafebabe");
        Directory.CreateDirectory(Path.Combine(live, "data"));
        try
        {
            var builder = CreateBuilder();
            builder.AddLocalPostgres("pg");

            await (await StartAsync(builder)).ResourceNotifications.WaitForResourceHealthyAsync("pg", TestTimeout);

            Directory.Exists(abandoned).Should().BeFalse("its host is dead");
            Directory.Exists(live).Should().BeTrue("its host still runs");
        }
        finally
        {
            alive.Kill();
            Directory.Delete(live, recursive: true);
            if (Directory.Exists(abandoned))
            {
                Directory.Delete(abandoned, recursive: true);
            }
        }
    }

    [Fact]
    public async Task The_connection_string_has_the_shape_of_Aspire_PostgreSQL_with_a_generated_password()
    {
        var builder = CreateBuilder();
        var server = builder.AddLocalPostgres("pg");
        server.AddDatabase("appdb");
        server.AddDatabase("other", databaseName: "other_name");
        var app = await StartAsync(builder);
        await app.WaitForAllHealthyAsync(TestTimeout);

        var connectionString = await app.GetConnectionStringAsync("appdb", TestTimeout);

        connectionString.Should().MatchRegex("^Host=localhost;Port=[0-9]+;Username=postgres;Password=[A-Za-z0-9]{22,};Database=appdb$");
        var port = new NpgsqlConnectionStringBuilder(connectionString).Port;
        app.GetEndpoint("pg", "tcp").Port.Should().Be(port);
        (await app.GetConnectionStringAsync("pg", TestTimeout)).Should().Be(connectionString![..connectionString.IndexOf(";Database=", StringComparison.Ordinal)]);
        (await app.GetConnectionStringAsync("other", TestTimeout)).Should().EndWith(";Database=other_name");
        (await ExecuteAsync((await app.GetConnectionStringAsync("other", TestTimeout))!, "SELECT current_database()")).Should().Be("other_name");
        var wrongPassword = new NpgsqlConnectionStringBuilder(connectionString) { Password = "not-the-password" };
        var withWrongPassword = () => ExecuteAsync(wrongPassword.ConnectionString, "SELECT 1");
        (await withWrongPassword.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.InvalidPassword);

        var otherBuilder = CreateBuilder();
        otherBuilder.AddLocalPostgres("pg").AddDatabase("appdb");
        var other = await StartAsync(otherBuilder);
        await other.ResourceNotifications.WaitForResourceHealthyAsync("appdb", TestTimeout);
        var otherPassword = new NpgsqlConnectionStringBuilder(await other.GetConnectionStringAsync("appdb", TestTimeout)).Password;
        otherPassword.Should().NotBe(new NpgsqlConnectionStringBuilder(connectionString).Password, "each app generates its own password");
    }

    public static TheoryData<string[], Type> ServerChoices => new()
    {
        { [], typeof(LocalPostgresServerResource) },
        { ["--Postgres:Mode=container"], typeof(PostgresServerResource) },
        { ["--Postgres:Mode=Container"], typeof(PostgresServerResource) },
        { ["--ConnectionStrings:pg=Host=db.example;Port=5432;Username=app;Password=secret"], typeof(ExistingPostgresServerResource) },
        { ["--ConnectionStrings:pg=Host=db.example;Port=5432;Username=app;Password=secret", "--Postgres:Mode=container"], typeof(ExistingPostgresServerResource) },
        { ["--operation", "publish", "--publisher", "manifest", "--output-path", Path.Combine(Path.GetTempPath(), "hosting-test-manifest")], typeof(PostgresServerResource) },
    };

    [Theory]
    [MemberData(nameof(ServerChoices))]
    public void AddPostgresServer_chooses_the_server_from_configuration_and_mode(string[] arguments, Type expected)
    {
        var builder = CreateBuilder(arguments);

        var server = builder.AddPostgresServer("pg");
        var database = server.AddDatabase("appdb");

        server.Resource.Resource.Should().BeOfType(expected);
        builder.Resources.Should().Contain(server.Resource.Resource);
        database.Resource.Should().BeOfType(expected == typeof(PostgresServerResource) ? typeof(PostgresDatabaseResource) : typeof(PostgresDatabaseOnServerResource));
        database.Resource.Should().BeAssignableTo<IResourceWithParent>().Which.Parent.Should().BeSameAs(server.Resource.Resource);
        if (expected == typeof(PostgresServerResource))
        {
            server.Resource.Resource.Should().BeAssignableTo<ContainerResource>("publishing sees Aspire's container");
        }
    }

    [Fact]
    public void The_publish_mode_really_is_publish_mode()
    {
        var builder = CreateBuilder(["--operation", "publish", "--publisher", "manifest", "--output-path", Path.Combine(Path.GetTempPath(), "hosting-test-manifest")]);

        builder.ExecutionContext.IsPublishMode.Should().BeTrue("otherwise the container choice above would not test the publish path");
    }

    [Fact]
    public async Task Console_lines_of_a_resource_reach_logging_and_can_be_awaited()
    {
        var captured = new CapturingLoggerProvider();
        var builder = CreateBuilder();
        builder.Services.AddLogging(logging => logging.AddProvider(captured));
        builder.AddProject<Projects.Lakebase_Service>("api").AsLocalService();

        var app = await StartAsync(builder);
        var line = await app.WaitForLogAsync("api", "Now listening on", TestTimeout);

        line.Content.Should().Contain(app.GetEndpoint("api", "http").Port.ToString(CultureInfo.InvariantCulture));
        await WaitUntilAsync(() => captured.Entries.Any(e => e.Category.EndsWith(".Resources.api", StringComparison.Ordinal)
            && e.Message.Contains("Now listening on", StringComparison.Ordinal)), "the line reaches ILogger under <app>.Resources.api");
    }

    [Fact]
    public async Task A_local_service_stops_gracefully_and_starts_again()
    {
        var builder = CreateBuilder();
        builder.AddProject<Projects.Lakebase_Service>("api").AsLocalService();
        var app = await StartAsync(builder);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("api", TestTimeout);
        var firstPid = await app.GetPidAsync("api", TestTimeout);

        // Aspire drops a resource's log backlog once its run ends, so the line is awaited from before the stop.
        var shuttingDown = app.WaitForLogAsync("api", "Application is shutting down", TestTimeout);
        await app.StopResourceAsync("api", TestTimeout);

        var stopped = await app.SnapshotAsync("api", TestTimeout);
        stopped.ExitCode.Should().Be(0, "SIGTERM lets the host shut down cleanly; a kill would not");
        await shuttingDown;

        await app.StartResourceAsync("api", TestTimeout);

        (await app.GetPidAsync("api", TestTimeout)).Should().NotBe(firstPid);
        using var client = app.CreateHttpClient("api");
        (await client.GetAsync(new Uri("/health", UriKind.Relative), TestTimeout)).StatusCode.Should().Be(System.Net.HttpStatusCode.OK);
    }

    /// <summary>The <c>postgres</c> process under the resource's process (a shell that turns SIGTERM into a fast shutdown).</summary>
    private static int PostgresPid(int resourcePid)
    {
        if (PostgresProcess.IsPostgres(resourcePid) && !File.ReadAllText($"/proc/{resourcePid}/comm").StartsWith("sh", StringComparison.Ordinal))
        {
            return resourcePid;
        }

        var children = File.ReadAllText($"/proc/{resourcePid}/task/{resourcePid}/children").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return int.Parse(children.Single(), CultureInfo.InvariantCulture);
    }

    private async Task WaitUntilAsync(Func<bool> condition, string because)
    {
        while (!condition())
        {
            TestTimeout.IsCancellationRequested.Should().BeFalse($"{because} within {Timeout}");
            await Task.Delay(50, TestTimeout);
        }
    }

    private async Task<object?> ExecuteAsync(string connectionString, string sql)
    {
        var unpooled = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 5 };
        await using var connection = new NpgsqlConnection(unpooled.ConnectionString);
        await connection.OpenAsync(TestTimeout);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(TestTimeout);
    }
}
