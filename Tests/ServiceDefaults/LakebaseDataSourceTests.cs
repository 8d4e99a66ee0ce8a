using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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
}
