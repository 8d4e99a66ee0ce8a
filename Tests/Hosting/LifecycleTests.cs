using System.Net;
using System.Net.Sockets;
using Hosting;
using Hosting.ApplicationModel;
using Hosting.Orchestration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using Tests.Support;
using Xunit.Abstractions;

namespace Tests.Hosting;

public sealed class LifecycleTests(ITestOutputHelper output) : AppScope(output)
{
    [Fact]
    public async Task WaitFor_keeps_a_project_waiting_until_its_dependency_is_healthy()
    {
        var builder = CreateBuilder();
        var db = builder.Builder.AddPostgres("pg").AddDatabase("appdb");
        builder.Builder.AddProject<Projects.Lakebase_Service>("api").WithReference(db).WaitFor(db).WithHttpHealthCheck();
        var events = new List<(string Name, string State, HealthStatus? Health)>();

        var app = await StartAsync(builder, app => app.ResourceNotifications.Changed += s =>
        {
            lock (events)
            {
                events.Add((s.Name, s.State, s.Health));
            }
        });
        await app.WaitForResourceHealthyAsync("api", TestTimeout);

        lock (events)
        {
            var dbHealthy = events.FindIndex(e => e is ("appdb", KnownResourceStates.Running, HealthStatus.Healthy));
            var apiWaiting = events.FindIndex(e => e is ("api", KnownResourceStates.Waiting, _));
            var apiStarting = events.FindIndex(e => e is ("api", KnownResourceStates.Starting, _));
            apiWaiting.Should().BeGreaterThanOrEqualTo(0).And.BeLessThan(dbHealthy);
            apiStarting.Should().BeGreaterThan(dbHealthy);
        }
    }

    [Fact]
    public async Task A_crashing_project_ends_in_FailedToStart_with_its_stderr_visible()
    {
        var builder = CreateBuilder();
        var broken = builder.Builder.AddProject<Projects.Lakebase_Service>("broken")
            .WithEnvironment("ASPNETCORE_URLS", "http://localhost:99999")
            .WithHttpHealthCheck();
        builder.Builder.AddProject<Projects.Catalog_Service>("dependent").WaitFor(broken).WithHttpHealthCheck();

        var app = await StartAsync(builder);
        var waiting = () => app.WaitForResourceHealthyAsync("broken", TestTimeout);

        (await waiting.Should().ThrowAsync<DistributedApplicationException>()).Which.Message.Should().Contain("Last lines of stderr").And.Contain("ArgumentOutOfRangeException");
        var snapshot = app.ResourceNotifications.Get("broken");
        snapshot.State.Should().Be(KnownResourceStates.FailedToStart);
        snapshot.Error.Should().Contain("exited with code");
        app.ResourceLogs.GetLines("broken").Should().Contain(l => l.IsError && l.Text.Contains("Unhandled exception", StringComparison.Ordinal));
        var dependent = await app.ResourceNotifications.WaitForAsync("dependent", s => KnownResourceStates.IsTerminal(s.State), TestTimeout);
        dependent.State.Should().Be(KnownResourceStates.FailedToStart);
        dependent.Error.Should().Be("Dependency resource 'broken' failed to start.");
        dependent.Pid.Should().BeNull("a resource whose dependency failed is never launched");
    }

    [Fact]
    public async Task Stopping_a_project_is_graceful_and_it_can_start_again()
    {
        var builder = CreateBuilder();
        builder.Builder.AddProject<Projects.Lakebase_Service>("api").WithHttpHealthCheck();
        var app = await StartAsync(builder);
        await app.WaitForResourceHealthyAsync("api", TestTimeout);

        await app.StopResourceAsync("api", TestTimeout);

        var stopped = app.ResourceNotifications.Get("api");
        stopped.State.Should().Be(KnownResourceStates.Exited);
        stopped.ExitCode.Should().Be(0, "SIGTERM lets the host shut down cleanly; a kill would give 137");
        await app.WaitForLogAsync("api", "Application is shutting down", TestTimeout);

        await app.StartResourceAsync("api", TestTimeout);

        app.ResourceNotifications.Get("api").Restarts.Should().Be(1);
        using var client = app.CreateHttpClient("api");
        (await client.GetAsync(new Uri("/health", UriKind.Relative), TestTimeout)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Stopping_PostgreSQL_keeps_its_data_and_port_for_the_restart()
    {
        var builder = CreateBuilder();
        builder.Builder.AddPostgres("pg").AddDatabase("appdb");
        var app = await StartAsync(builder);
        await app.WaitForResourceHealthyAsync("appdb", TestTimeout);
        var connectionString = await app.GetConnectionStringAsync("appdb", TestTimeout);
        await ExecuteAsync(connectionString!, "CREATE TABLE kept (value text); INSERT INTO kept VALUES ('still here')");

        await app.StopResourceAsync("pg", TestTimeout);

        app.ResourceNotifications.Get("pg").State.Should().Be(KnownResourceStates.Exited);
        var whileStopped = () => ExecuteAsync(connectionString!, "SELECT 1");
        await whileStopped.Should().ThrowAsync<NpgsqlException>();
        await app.ResourceNotifications.WaitForAsync("appdb", s => s.Health == HealthStatus.Unhealthy, TestTimeout);

        await app.StartResourceAsync("pg", TestTimeout);

        await app.ResourceNotifications.WaitForAsync("appdb", s => s.Health == HealthStatus.Healthy, TestTimeout);
        (await app.GetConnectionStringAsync("appdb", TestTimeout)).Should().Be(connectionString);
        (await ExecuteAsync(connectionString!, "SELECT value FROM kept")).Should().Be("still here");
    }

    [Fact]
    public async Task Disposing_the_app_leaves_no_process_and_no_data_folder()
    {
        var builder = CreateBuilder();
        var db = builder.Builder.AddPostgres("pg").AddDatabase("appdb");
        builder.Builder.AddProject<Projects.Lakebase_Service>("api").WithReference(db).WaitFor(db).WithHttpHealthCheck();
        var app = await builder.BuildAsync(TestTimeout);
        await app.StartAsync(TestTimeout);
        await app.WaitForAllHealthyAsync(TestTimeout);
        var pids = new[] { app.ResourceNotifications.Get("pg").Pid!.Value, app.ResourceNotifications.Get("api").Pid!.Value };
        var dataFolder = PostgresProcess.DataFolderOf(pids[0]);
        Directory.Exists(dataFolder).Should().BeTrue();

        await app.DisposeAsync();

        pids.Should().AllSatisfy(pid => Directory.Exists($"/proc/{pid}").Should().BeFalse($"process {pid} should have exited"));
        Directory.Exists(Path.GetDirectoryName(dataFolder)).Should().BeFalse();
    }

    [Fact]
    public async Task Stopping_in_the_middle_of_start_up_leaves_no_process_behind()
    {
        var builder = CreateBuilder();
        var db = builder.Builder.AddPostgres("pg").AddDatabase("appdb");
        builder.Builder.AddProject<Projects.Lakebase_Service>("api").WithReference(db).WaitFor(db).WithHttpHealthCheck();
        var pids = new System.Collections.Concurrent.ConcurrentBag<int>();
        var app = await builder.BuildAsync(TestTimeout);
        app.ResourceNotifications.Changed += s =>
        {
            if (s.Pid is { } pid) pids.Add(pid);
        };
        await app.StartAsync(TestTimeout);
        await app.ResourceNotifications.WaitForAsync("api", s => s.State == KnownResourceStates.Starting && s.Pid is not null, TestTimeout);

        await app.DisposeAsync();

        pids.Should().NotBeEmpty();
        pids.Should().AllSatisfy(pid => Directory.Exists($"/proc/{pid}").Should().BeFalse($"process {pid} should have been stopped"));
    }

    [Fact]
    public async Task A_port_taken_before_the_service_binds_it_is_replaced_by_a_fresh_one()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var takenPort = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var builder = CreateBuilder();
        builder.Builder.Services.AddSingleton<PortAllocator>(new FirstPortTakenAllocator(takenPort));
        builder.Builder.AddProject<Projects.Lakebase_Service>("api").WithHttpHealthCheck();

        var app = await StartAsync(builder);
        await app.WaitForResourceHealthyAsync("api", TestTimeout);

        app.GetEndpoint("api").Port.Should().NotBe(takenPort);
        app.ResourceLogs.GetLines("api").Should().Contain(l => l.Text.Contains("port was taken", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Missing_PostgreSQL_binaries_fail_with_a_line_that_says_what_to_do()
    {
        var builder = CreateBuilder(new Dictionary<string, string?> { ["Postgres:BinDirectory"] = "/nonexistent/bin" });
        builder.Builder.AddPostgres("pg");

        var app = await StartAsync(builder);
        var snapshot = await app.ResourceNotifications.WaitForAsync("pg", s => KnownResourceStates.IsTerminal(s.State), TestTimeout);

        snapshot.State.Should().Be(KnownResourceStates.FailedToStart);
        snapshot.Error.Should().Contain("install PostgreSQL").And.Contain("ConnectionStrings__postgres").And.NotContain(Environment.NewLine);
    }

    [Fact]
    public async Task A_configured_connection_string_uses_that_server_and_starts_nothing()
    {
        var serverBuilder = CreateBuilder();
        serverBuilder.Builder.AddPostgres("pg");
        var server = await StartAsync(serverBuilder);
        await server.WaitForResourceHealthyAsync("pg", TestTimeout);
        var external = await server.GetConnectionStringAsync("pg", TestTimeout);

        var builder = CreateBuilder(new Dictionary<string, string?> { ["ConnectionStrings:shared"] = external });
        builder.Builder.AddPostgres("shared").AddDatabase("extdb");
        var app = await StartAsync(builder);
        await app.WaitForResourceHealthyAsync("extdb", TestTimeout);

        app.ResourceNotifications.Get("shared").Pid.Should().BeNull();
        (await app.GetConnectionStringAsync("extdb", TestTimeout)).Should().Be($"{external};Database=extdb");
        (await ExecuteAsync($"{external};Database=extdb", "SELECT current_database()")).Should().Be("extdb");
        var stopping = () => app.StopResourceAsync("shared", TestTimeout);
        await stopping.Should().ThrowAsync<NotSupportedException>();
    }

    [Fact]
    public async Task Console_lines_can_be_awaited_and_reach_logging()
    {
        var captured = new CapturingLoggerProvider();
        var builder = CreateBuilder();
        builder.Builder.Services.AddLogging(logging => logging.AddProvider(captured));
        builder.Builder.AddProject<Projects.Lakebase_Service>("api").WithHttpHealthCheck();

        var app = await StartAsync(builder);
        var line = await app.WaitForLogAsync("api", "Now listening on", TestTimeout);

        line.Text.Should().Contain(app.GetEndpoint("api").Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        captured.Entries.Should().Contain(m => m.Category == "Hosting.Resources.api" && m.Message.Contains("Now listening on", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_process_that_dies_while_running_is_reported_as_exited_with_its_code()
    {
        var builder = CreateBuilder();
        builder.Builder.AddProject<Projects.Lakebase_Service>("api").WithHttpHealthCheck();
        var app = await StartAsync(builder);
        var running = await app.WaitForResourceHealthyAsync("api", TestTimeout);

        System.Diagnostics.Process.GetProcessById(running.Pid!.Value).Kill();

        var exited = await app.ResourceNotifications.WaitForStateAsync("api", KnownResourceStates.Exited, TestTimeout);
        exited.ExitCode.Should().Be(137, "128 + SIGKILL");
        app.ResourceLogs.GetLines("api").Should().Contain(l => l.IsError && l.Text.Contains("exited unexpectedly with code 137", StringComparison.Ordinal));
        var startingAgainWhileRunning = () => app.StartResourceAsync("api", TestTimeout);
        await app.StartResourceAsync("api", TestTimeout);
        await startingAgainWhileRunning.Should().ThrowAsync<InvalidOperationException>().WithMessage("*only a stopped resource*");
    }

    [Fact]
    public async Task A_fresh_template_cache_is_built_once_with_initdb_and_then_reused()
    {
        var cache = Path.Combine(Path.GetTempPath(), $"hosting-test-templates-{Guid.NewGuid():N}");
        try
        {
            var configuration = new Dictionary<string, string?> { ["Postgres:TemplateCache"] = cache };
            var first = CreateBuilder(configuration);
            first.Builder.AddPostgres("pg");
            var second = CreateBuilder(configuration);
            second.Builder.AddPostgres("pg");

            await (await StartAsync(first)).WaitForResourceHealthyAsync("pg", TestTimeout);
            var template = Directory.GetDirectories(cache).Should().ContainSingle().Subject;
            var builtAt = Directory.GetLastWriteTimeUtc(template);
            await (await StartAsync(second)).WaitForResourceHealthyAsync("pg", TestTimeout);

            File.Exists(Path.Combine(template, "PG_VERSION")).Should().BeTrue();
            Directory.GetDirectories(cache).Should().Equal([template], "the second run reuses the template and leaves no scratch folder");
            Directory.GetLastWriteTimeUtc(template).Should().Be(builtAt);
        }
        finally
        {
            await DisposeAsync();
            Directory.Delete(cache, recursive: true);
        }
    }

    [Fact]
    public async Task Folders_left_by_a_killed_host_are_removed_at_the_next_start()
    {
        using var gone = System.Diagnostics.Process.Start("true")!;
        await gone.WaitForExitAsync(TestTimeout);
        var abandoned = Path.Combine(Path.GetTempPath(), $"hosting-pg-{gone.Id}-deadbeef");
        Directory.CreateDirectory(Path.Combine(abandoned, "data"));
        await File.WriteAllTextAsync(Path.Combine(abandoned, "data", "postmaster.pid"), $"{gone.Id}\n", TestTimeout);
        var builder = CreateBuilder();
        builder.Builder.AddPostgres("pg");

        await (await StartAsync(builder)).WaitForResourceHealthyAsync("pg", TestTimeout);

        Directory.Exists(abandoned).Should().BeFalse();
    }

    [Fact]
    public async Task A_project_whose_assembly_is_not_next_to_the_host_fails_with_a_hint()
    {
        var builder = CreateBuilder();
        builder.Builder.AddProject<NotReferencedProject>("ghost");

        var app = await StartAsync(builder);
        var snapshot = await app.ResourceNotifications.WaitForAsync("ghost", s => KnownResourceStates.IsTerminal(s.State), TestTimeout);

        snapshot.State.Should().Be(KnownResourceStates.FailedToStart);
        snapshot.Error.Should().Contain("Not.Referenced.dll").And.Contain("Reference the project");
    }

    [Fact]
    public async Task An_OTLP_endpoint_in_configuration_reaches_every_project()
    {
        var builder = CreateBuilder(new Dictionary<string, string?> { ["Hosting:OtlpEndpoint"] = "http://localhost:4318" });
        builder.Builder.AddProject<Projects.Lakebase_Service>("api").WithHttpHealthCheck();
        var app = await StartAsync(builder);
        await app.WaitForResourceHealthyAsync("api", TestTimeout);

        var environment = app.GetResourceEnvironment("api");

        environment["OTEL_EXPORTER_OTLP_ENDPOINT"].Should().Be("http://localhost:4318");
        environment["OTEL_EXPORTER_OTLP_PROTOCOL"].Should().Be("http/protobuf");
        var askingForAServer = () => app.GetResourceEnvironment("nope");
        askingForAServer.Should().Throw<ArgumentException>();
    }

    private sealed class NotReferencedProject : IProjectMetadata
    {
        public string AssemblyName => "Not.Referenced";
    }

    private async Task<object?> ExecuteAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(TestTimeout);
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync(TestTimeout);
    }
}
