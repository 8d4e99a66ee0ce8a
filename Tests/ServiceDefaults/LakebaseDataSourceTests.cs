using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using ServiceDefaults.Lakebase;
using Tests.Support;
using Xunit.Abstractions;

namespace Tests.ServiceDefaults;

/// <summary>The service defaults' Lakebase registrations against the topology's real PostgreSQL.</summary>
public sealed class LakebaseDataSourceTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_reachable_database_is_healthy_and_serves_raw_statements_and_contexts()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await using var host = await TestServiceHost.StartAsync(
            configure: builder => builder.AddLakebaseDbContext<ItemsDbContext>(),
            settings: new Dictionary<string, string?> { ["ConnectionStrings:lakebase"] = await App.GetConnectionStringAsync("lakebase", timeout.Token) });

        using var health = await host.Client.GetAsync("/health", timeout.Token);
        await using var connection = await host.Services.GetRequiredService<LakebaseDataSource>().OpenConnectionAsync(timeout.Token);
        await using var command = new Npgsql.NpgsqlCommand("SELECT current_database()", connection);
        await using var scope = host.Services.CreateAsyncScope();
        var fromContext = await scope.ServiceProvider.GetRequiredService<ItemsDbContext>().Database
            .SqlQueryRaw<string>("SELECT current_database() AS \"Value\"").SingleAsync(timeout.Token);

        health.StatusCode.Should().Be(HttpStatusCode.OK);
        (await command.ExecuteScalarAsync(timeout.Token)).Should().Be("lakebase");
        fromContext.Should().Be("lakebase");
    }

    [Fact]
    public async Task Instances_migrating_at_once_apply_the_script_once_and_a_later_run_changes_nothing()
    {
        using var timeout = new CancellationTokenSource(Timeout);
        await using var host = await TestServiceHost.StartAsync(
            configure: builder => builder.AddLakebaseDataSource(),
            settings: new Dictionary<string, string?> { ["ConnectionStrings:lakebase"] = await App.GetConnectionStringAsync("lakebase", timeout.Token) });
        var database = host.Services.GetRequiredService<LakebaseDataSource>();
        LakebaseSchema<ItemsDbContext> Instance() => new(database, NullLogger<LakebaseSchema<ItemsDbContext>>.Instance);

        // Each schema object stands for one instance of a service: four start together, a fifth starts later.
        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Instance().EnsureMigratedAsync(timeout.Token)));
        await Instance().EnsureMigratedAsync(timeout.Token);

        await using var connection = await database.OpenConnectionAsync(timeout.Token);
        await using var history = new Npgsql.NpgsqlCommand("""SELECT string_agg("MigrationId", ',') FROM items_schema_test."__EFMigrationsHistory" """, connection);
        await using var items = new Npgsql.NpgsqlCommand("INSERT INTO items_schema_test.items (name) VALUES ('first') RETURNING id", connection);
        (await history.ExecuteScalarAsync(timeout.Token)).Should().Be("20261202000000_Items");
        (await items.ExecuteScalarAsync(timeout.Token)).Should().Be(1);
    }
}
