using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using ServiceDefaults.Lakebase;
using ServiceDefaults.Problems;

namespace Tests.ServiceDefaults;

public sealed class LakebaseTests
{
    private int _handlerRuns;

    private void MapRoutes(WebApplication app)
    {
        app.MapGet("/api/guarded", async (ItemsDbContext db, CancellationToken cancellationToken) =>
        {
            Interlocked.Increment(ref _handlerRuns);
            return await db.Items.CountAsync(cancellationToken);
        }).RequireLakebase();
        app.MapGet("/api/unguarded", (ItemsDbContext db, CancellationToken cancellationToken) => db.Items.CountAsync(cancellationToken));
    }

    [Fact]
    public async Task Without_a_connection_string_the_service_is_healthy_and_routes_answer_LAKEBASE_NOT_CONFIGURED()
    {
        await using var host = await TestServiceHost.StartAsync(MapRoutes, builder => builder.AddLakebaseDbContext<ItemsDbContext>());

        using var health = await host.Client.GetAsync("/health");
        using var alive = await host.Client.GetAsync("/alive");
        using var guarded = await host.Client.GetAsync("/api/guarded");
        using var unguarded = await host.Client.GetAsync("/api/unguarded");

        host.Services.GetRequiredService<LakebaseStatus>().Should().Be(new LakebaseStatus("lakebase", IsConfigured: false));
        health.StatusCode.Should().Be(HttpStatusCode.OK);
        alive.StatusCode.Should().Be(HttpStatusCode.OK);
        _handlerRuns.Should().Be(0);
        foreach (var response in new[] { guarded, unguarded })
        {
            response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
            var problem = await response.ReadProblemAsync();
            ProblemDetailsTests.ShouldBeCompleteProblem(problem, 503, ErrorCodes.LakebaseNotConfigured, response);
            problem.TryGetProperty("retry_after", out _).Should().BeFalse();
        }
    }

    [Fact]
    public async Task Without_a_connection_string_the_context_and_the_data_source_resolve_but_will_not_connect()
    {
        await using var host = await TestServiceHost.StartAsync(configure: builder => builder.AddLakebaseDbContext<ItemsDbContext>());
        await using var scope = host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ItemsDbContext>();

        db.Database.ProviderName.Should().Be("Npgsql.EntityFrameworkCore.PostgreSQL");
        FluentActions.Invoking(() => db.Database.OpenConnection()).Should().Throw<LakebaseNotConfiguredException>()
            .WithMessage("*ConnectionStrings:lakebase*");
        await FluentActions.Awaiting(() => db.Database.OpenConnectionAsync()).Should().ThrowAsync<LakebaseNotConfiguredException>();
        await FluentActions.Awaiting(() => host.Services.GetRequiredService<LakebaseDataSource>().OpenConnectionAsync(CancellationToken.None).AsTask())
            .Should().ThrowAsync<LakebaseNotConfiguredException>().WithMessage("*ConnectionStrings:lakebase*");
    }

    [Fact]
    public async Task With_a_connection_string_a_pooled_npgsql_context_is_registered()
    {
        var connectionString = UnreachableDatabase();
        var npgsqlConfigured = false;
        await using var host = await TestServiceHost.StartAsync(configure: builder => builder.AddLakebaseDbContext<ItemsDbContext>(
            "app-db",
            npgsql => { npgsqlConfigured = true; npgsql.MigrationsHistoryTable("__history", "preferences"); }),
            settings: new Dictionary<string, string?> { ["ConnectionStrings:app-db"] = connectionString });

        ItemsDbContext first, second;
        await using (var scope = host.Services.CreateAsyncScope())
        {
            first = scope.ServiceProvider.GetRequiredService<ItemsDbContext>();
            first.Database.ProviderName.Should().Be("Npgsql.EntityFrameworkCore.PostgreSQL");
            // The service's one data source, whose connection string keeps no password.
            first.Database.GetConnectionString().Should().Be(host.Services.GetRequiredService<LakebaseDataSource>().DataSource.ConnectionString)
                .And.Contain($"Port={new Npgsql.NpgsqlConnectionStringBuilder(connectionString).Port}").And.NotContain("secret");
        }

        await using (var scope = host.Services.CreateAsyncScope())
        {
            second = scope.ServiceProvider.GetRequiredService<ItemsDbContext>();
        }

        host.Services.GetRequiredService<LakebaseStatus>().Should().Be(new LakebaseStatus("app-db", IsConfigured: true));
        npgsqlConfigured.Should().BeTrue();
        second.Should().BeSameAs(first, "a pooled context is reused once its scope ends");
    }

    [Fact]
    public async Task The_PG_variables_of_a_Databricks_App_name_the_database_when_no_connection_string_does()
    {
        await using var host = await TestServiceHost.StartAsync(configure: builder => builder.AddLakebaseDbContext<ItemsDbContext>(),
            settings: new Dictionary<string, string?>
            {
                ["PGHOST"] = "instance-1.database.example.com",
                ["PGPORT"] = "5433",
                ["PGDATABASE"] = "databricks_postgres",
                ["PGUSER"] = "app-client-id",
                ["PGSSLMODE"] = "require",
            });
        await using var scope = host.Services.CreateAsyncScope();

        var connection = new Npgsql.NpgsqlConnectionStringBuilder(scope.ServiceProvider.GetRequiredService<ItemsDbContext>().Database.GetConnectionString());

        host.Services.GetRequiredService<LakebaseStatus>().IsConfigured.Should().BeTrue();
        (connection.Host, connection.Port, connection.Database, connection.Username, connection.SslMode, connection.Password)
            .Should().Be(("instance-1.database.example.com", 5433, "databricks_postgres", "app-client-id", Npgsql.SslMode.Require, (string?)null));
    }

    [Fact]
    public async Task With_minted_passwords_but_no_provider_the_context_says_what_is_missing()
    {
        await using var host = await TestServiceHost.StartAsync(configure: builder => builder.AddLakebaseDbContext<ItemsDbContext>(),
            settings: new Dictionary<string, string?> { ["ConnectionStrings:lakebase"] = UnreachableDatabase(), ["Lakebase:InstanceName"] = "instance-1" });

        await FluentActions.Invoking(async () =>
            {
                await using var scope = host.Services.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<ItemsDbContext>().Database.OpenConnectionAsync();
            })
            .Should().ThrowAsync<InvalidOperationException>().WithMessage("*ILakebasePasswordProvider*");
    }

    [Fact]
    public async Task An_unreachable_database_fails_health_not_alive_and_routes_answer_DATABASE_UNAVAILABLE()
    {
        await using var host = await TestServiceHost.StartAsync(
            MapRoutes,
            builder => builder.AddLakebaseDbContext<ItemsDbContext>(),
            settings: new Dictionary<string, string?> { ["ConnectionStrings:lakebase"] = UnreachableDatabase() });

        using var health = await host.Client.GetAsync("/health");
        using var alive = await host.Client.GetAsync("/alive");
        using var guarded = await host.Client.GetAsync("/api/guarded");

        health.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        alive.StatusCode.Should().Be(HttpStatusCode.OK);
        _handlerRuns.Should().Be(1);
        guarded.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        var problem = await guarded.ReadProblemAsync();
        ProblemDetailsTests.ShouldBeCompleteProblem(problem, 503, ErrorCodes.DatabaseUnavailable, guarded);
        problem.GetProperty("retry_after").GetInt32().Should().Be(DatabaseErrors.RetryAfterSeconds);
        guarded.RetryAfterSeconds().Should().Be(DatabaseErrors.RetryAfterSeconds);
        (await guarded.Content.ReadAsStringAsync()).Should().NotContain("127.0.0.1").And.NotContain("secret");
    }

    [Fact]
    public async Task Two_contexts_may_share_the_connection_but_not_use_two()
    {
        await using var host = await TestServiceHost.StartAsync(configure: builder =>
        {
            builder.AddLakebaseDbContext<ItemsDbContext>();
            builder.AddLakebaseDbContext<OtherDbContext>();
            FluentActions.Invoking(() => builder.AddLakebaseDbContext<ThirdDbContext>("elsewhere"))
                .Should().Throw<InvalidOperationException>().WithMessage("*'lakebase'*");
        });
        await using var scope = host.Services.CreateAsyncScope();

        scope.ServiceProvider.GetRequiredService<OtherDbContext>().Should().NotBeNull();
        host.Services.GetServices<LakebaseStatus>().Should().ContainSingle();
        using var health = await host.Client.GetAsync("/health");
        health.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public void The_not_configured_exception_keeps_its_cause()
    {
        var cause = new InvalidOperationException("cause");

        var exception = new LakebaseNotConfiguredException("not configured", cause);

        exception.Message.Should().Be("not configured");
        exception.InnerException.Should().BeSameAs(cause);
        new LakebaseNotConfiguredException().Message.Should().NotBeNullOrWhiteSpace();
    }

    /// <summary>A connection string to a local port that nothing listens on: connecting is refused at once.</summary>
    private static string UnreachableDatabase()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return $"Host=127.0.0.1;Port={port};Database=lakebase;Username=app;Password=secret;Timeout=5";
    }
}

public sealed class Item
{
    public int Id { get; set; }

    public string Name { get; set; } = "";
}

public sealed class ItemsDbContext(DbContextOptions<ItemsDbContext> options) : DbContext(options)
{
    public DbSet<Item> Items => Set<Item>();
}

public sealed class OtherDbContext(DbContextOptions<OtherDbContext> options) : DbContext(options);

public sealed class ThirdDbContext(DbContextOptions<ThirdDbContext> options) : DbContext(options);
