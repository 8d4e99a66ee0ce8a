using AppHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Tests.Support;
using Xunit.Abstractions;

namespace Tests.Hosting;

/// <summary>
/// The local PostgreSQL integration (<c>AddLocalPostgres</c>, <c>AddExistingPostgres</c>, <c>AddPostgresServer</c>) on
/// small topologies of its own: stop and start, failures that say what to do, the existing-server mode, the connection
/// string, and the model chosen for publishing.
/// </summary>
[LongRunning]
public sealed class LocalPostgresTests(ITestOutputHelper output) : AppScope(output)
{    [Fact]
    public async Task A_server_has_Aspire_PostgreSQL_connection_strings_and_a_stop_and_start_keep_its_data_port_and_password()
    {
        var builder = CreateBuilder();
        var pg = builder.AddLocalPostgres("pg");
        pg.AddDatabase("appdb");
        pg.AddDatabase("other", databaseName: "other_name");
        var app = await StartAsync(builder);
        await app.WaitForAllHealthyAsync(TestTimeout);
        var connectionString = (await app.GetConnectionStringAsync("appdb", TestTimeout))!;

        connectionString.Should().MatchRegex("^Host=localhost;Port=[0-9]+;Username=postgres;Password=[A-Za-z0-9]{22,};Database=appdb$");
        app.GetEndpoint("pg", "tcp").Port.Should().Be(new NpgsqlConnectionStringBuilder(connectionString).Port);
        (await app.GetConnectionStringAsync("pg", TestTimeout)).Should().Be(connectionString[..connectionString.IndexOf(";Database=", StringComparison.Ordinal)]);
        var other = (await app.GetConnectionStringAsync("other", TestTimeout))!;
        other.Should().EndWith(";Database=other_name");
        (await PostgresProcess.ScalarAsync(other, "SELECT current_database()", TestTimeout)).Should().Be("other_name");
        var wrongPassword = new NpgsqlConnectionStringBuilder(connectionString) { Password = "not-the-password" };
        var withWrongPassword = () => PostgresProcess.ScalarAsync(wrongPassword.ConnectionString, "SELECT 1", TestTimeout);
        (await withWrongPassword.Should().ThrowAsync<PostgresException>()).Which.SqlState.Should().Be(PostgresErrorCodes.InvalidPassword);
        var anotherServer = CreateBuilder().AddLocalPostgres("pg").Resource;
        (await anotherServer.PasswordParameter.GetValueAsync(TestTimeout)).Should()
            .NotBe(new NpgsqlConnectionStringBuilder(connectionString).Password, "each app generates its own password");

        await PostgresProcess.ScalarAsync(connectionString, "CREATE TABLE kept (value text); INSERT INTO kept VALUES ('still here')", TestTimeout);
        var firstPid = (await app.GetPidAsync("pg", TestTimeout))!.Value;
        var dataFolder = PostgresProcess.DataFolderOf(PostgresProcess.ServerPid(firstPid));

        await app.StopResourceAsync("pg", TestTimeout);

        (await app.SnapshotAsync("pg", TestTimeout)).State?.Text.Should().BeOneOf(KnownResourceStates.Finished, KnownResourceStates.Exited);
        Directory.Exists($"/proc/{firstPid}").Should().BeFalse("the server process has stopped");
        Directory.Exists(dataFolder).Should().BeTrue("a stopped server keeps its data folder");
        var whileStopped = () => PostgresProcess.ScalarAsync(connectionString, "SELECT 1", TestTimeout);
        await whileStopped.Should().ThrowAsync<NpgsqlException>();

        await app.StartResourceAsync("pg", TestTimeout);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("appdb", TestTimeout);

        var secondPid = (await app.GetPidAsync("pg", TestTimeout))!.Value;
        secondPid.Should().NotBe(firstPid, "a new process was started");
        PostgresProcess.DataFolderOf(PostgresProcess.ServerPid(secondPid)).Should().Be(dataFolder);
        (await app.GetConnectionStringAsync("appdb", TestTimeout)).Should().Be(connectionString, "same port, same password");
        (await PostgresProcess.ScalarAsync(connectionString, "SELECT value FROM kept", TestTimeout)).Should().Be("still here");
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
        (await PostgresProcess.ScalarAsync($"{external};Database=extdb", "SELECT current_database()", TestTimeout)).Should().Be("extdb");
        (await app.ResourceCommands.ExecuteCommandAsync("shared", KnownResourceCommands.StopCommand, TestTimeout)).Success
            .Should().BeFalse("an existing server is not the app's to stop");
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
}
