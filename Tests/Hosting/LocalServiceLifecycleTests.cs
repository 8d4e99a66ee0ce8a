using System.Globalization;
using AppHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Tests.Support;
using Xunit.Abstractions;

namespace Tests.Hosting;

/// <summary>
/// A service and its database as the AppHost declares them (<c>AsLocalService</c>, <c>WaitFor</c>): start order, console
/// lines in logging, a graceful stop and a new start, and nothing left behind after dispose.
/// </summary>
[LongRunning]
public sealed class LocalServiceLifecycleTests(ITestOutputHelper output) : AppScope(output)
{
    [Fact]
    public async Task WaitFor_keeps_a_project_waiting_until_its_database_is_healthy()
    {
        var builder = ApiWaitingForItsDatabase();
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
    public async Task Disposing_the_app_leaves_no_process_and_no_data_folder()
    {
        var builder = ApiWaitingForItsDatabase();
        var app = await StartAsync(builder);
        await app.WaitForAllHealthyAsync(TestTimeout);
        var pg = (await app.GetPidAsync("pg", TestTimeout))!.Value;
        var server = PostgresProcess.ServerPid(pg);
        var api = (await app.GetPidAsync("api", TestTimeout))!.Value;
        var runFolder = Path.GetDirectoryName(PostgresProcess.DataFolderOf(server))!;
        Directory.Exists(runFolder).Should().BeTrue();
        Path.GetFileName(runFolder).Should().StartWith($"hosting-pg-{Environment.ProcessId}-");

        await app.DisposeAsync();

        new[] { pg, server, api }.Should().AllSatisfy(pid => Directory.Exists($"/proc/{pid}").Should().BeFalse($"process {pid} should have exited"));
        Directory.Exists(runFolder).Should().BeFalse("the data folder lives as long as the app");
    }

    [Fact]
    public async Task A_local_service_logs_to_the_test_stops_gracefully_and_starts_again()
    {
        var captured = new CapturingLoggerProvider();
        var builder = CreateBuilder();
        builder.Services.AddLogging(logging => logging.AddProvider(captured));
        builder.AddProject<Projects.Lakebase_Service>("api").AsLocalService();
        var app = await StartAsync(builder);
        await app.ResourceNotifications.WaitForResourceHealthyAsync("api", TestTimeout);
        var firstPid = await app.GetPidAsync("api", TestTimeout);

        // Its console lines can be awaited, and reach ILogger (so the test output) under "<app>.Resources.api".
        var listening = await app.WaitForLogAsync("api", "Now listening on", TestTimeout);
        listening.Content.Should().Contain(app.GetEndpoint("api", "http").Port.ToString(CultureInfo.InvariantCulture));
        await WaitUntilAsync(() => captured.Entries.Any(e => e.Category.EndsWith(".Resources.api", StringComparison.Ordinal)
            && e.Message.Contains("Now listening on", StringComparison.Ordinal)), "the line reaches ILogger under <app>.Resources.api");

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

    /// <summary>The AppHost's shape in small: a service that references its database on a local server and waits for it.</summary>
    private IDistributedApplicationTestingBuilder ApiWaitingForItsDatabase()
    {
        var builder = CreateBuilder();
        var database = builder.AddLocalPostgres("pg").AddDatabase("appdb");
        builder.AddProject<Projects.Lakebase_Service>("api").AsLocalService().WithReference(database).WaitFor(database);
        return builder;
    }
}
