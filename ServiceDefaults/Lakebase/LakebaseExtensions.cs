using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using Npgsql.EntityFrameworkCore.PostgreSQL.Infrastructure;
using ServiceDefaults;
using ServiceDefaults.Lakebase;

namespace Microsoft.Extensions.Hosting;

public static class LakebaseExtensions
{
    public const string DefaultConnectionName = "lakebase";

    /// <summary>Long enough for a healthy database, short enough for the orchestrator's probe to get an answer.</summary>
    private static readonly TimeSpan HealthCheckTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Registers the service's <see cref="LakebaseDataSource"/> on <c>ConnectionStrings:{connectionName}</c> (or a Databricks
    /// App's PG variables), a <see cref="LakebaseStatus"/>, and, when the connection string is present, a database check on
    /// <c>/health</c>. Without a connection string nothing throws: the status says so, <c>/health</c> stays healthy, and any
    /// connection fails with <see cref="LakebaseNotConfiguredException"/>, which the error handler answers with 503
    /// <c>LAKEBASE_NOT_CONFIGURED</c>. A service has one Lakebase database: a second call for the same one adds nothing.
    /// </summary>
    public static IHostApplicationBuilder AddLakebaseDataSource(this IHostApplicationBuilder builder, string connectionName = DefaultConnectionName)
    {
        AddDataSource(builder, connectionName);
        return builder;
    }

    /// <summary>
    /// Registers a pooled <typeparamref name="TContext"/> on PostgreSQL over the service's <see cref="LakebaseDataSource"/>
    /// (see <see cref="AddLakebaseDataSource"/>), so that the context and raw statements share one pool. Without a
    /// connection string the context is registered all the same, so that handlers can always be bound, and any use of it
    /// fails with <see cref="LakebaseNotConfiguredException"/>.
    /// </summary>
    /// <param name="configureNpgsql">Provider options, such as the migrations history table of the service's schema.</param>
    public static IHostApplicationBuilder AddLakebaseDbContext<TContext>(
        this IHostApplicationBuilder builder,
        string connectionName = DefaultConnectionName,
        Action<NpgsqlDbContextOptionsBuilder>? configureNpgsql = null)
        where TContext : DbContext
    {
        if (!AddDataSource(builder, connectionName).IsConfigured)
        {
            builder.Services.AddDbContextPool<TContext>(options =>
                options.UseNpgsql(configureNpgsql).AddInterceptors(new LakebaseNotConfiguredInterceptor(connectionName)));
            return builder;
        }

        builder.Services.AddDbContextPool<TContext>((services, options) =>
            options.UseNpgsql(services.GetRequiredService<LakebaseDataSource>().DataSource, configureNpgsql));
        // Aspire's EF Core integration, on the context registered above; with the four features below off, what it adds is
        // its configuration section (Aspire:Npgsql:EntityFrameworkCore:PostgreSQL, such as CommandTimeout). Without its
        // retries: with the database down a caller should get a fast 503 with retry_after, not a hang. Without its health
        // check: ours answers within the orchestrator's probe timeout, carries the "ready" tag and needs no EF Core.
        // Without its tracing and metrics: ConfigureOpenTelemetry already instruments Npgsql for every service.
        builder.EnrichNpgsqlDbContext<TContext>(settings =>
        {
            settings.DisableRetry = true;
            settings.DisableHealthChecks = true;
            settings.DisableTracing = true;
            settings.DisableMetrics = true;
        });
        return builder;
    }

    /// <returns>The status of the service's Lakebase database, registered by this call or an earlier one.</returns>
    private static LakebaseStatus AddDataSource(IHostApplicationBuilder builder, string connectionName)
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);

        if (builder.Services.FirstOrDefault(descriptor => descriptor.ServiceType == typeof(LakebaseStatus))?.ImplementationInstance
            is LakebaseStatus existing)
        {
            return existing.ConnectionName == connectionName ? existing : throw new InvalidOperationException(
                $"This service already uses the Lakebase connection '{existing.ConnectionName}'; a service has one Lakebase database.");
        }

        var connectionString = LakebaseConnectionString.Resolve(builder.Configuration, connectionName);
        var status = new LakebaseStatus(connectionName, IsConfigured: !string.IsNullOrWhiteSpace(connectionString));
        builder.Services.AddSingleton(status);
        var usesMintedPasswords = LakebaseConnectionString.UsesMintedPasswords(builder.Configuration);
        builder.Services.AddSingleton(services => new LakebaseDataSource(
            status, status.IsConfigured ? BuildDataSource(connectionString!, usesMintedPasswords, services) : null));

        if (status.IsConfigured)
        {
            builder.Services.AddHealthChecks().AddCheck<LakebaseHealthCheck>(
                connectionName, HealthStatus.Unhealthy, [HealthCheckTags.Ready], HealthCheckTimeout);
        }

        return status;
    }

    private static NpgsqlDataSource BuildDataSource(string connectionString, bool usesMintedPasswords, IServiceProvider services)
    {
        var dataSource = new NpgsqlDataSourceBuilder(connectionString);
        if (usesMintedPasswords)
        {
            // Each new connection logs in with a minted Lakebase credential (live mode, or a deployed Databricks App).
            UseMintedPasswords(dataSource, services);
        }

        return dataSource.Build();
    }

    private static void UseMintedPasswords(NpgsqlDataSourceBuilder dataSource, IServiceProvider services)
    {
        var passwords = services.GetService<ILakebasePasswordProvider>() ?? throw new InvalidOperationException(
            $"{LakebaseConnectionString.PasswordProviderSetting} is set, so Lakebase passwords are minted, but no {nameof(ILakebasePasswordProvider)} is registered (AddDatabricksClient registers one).");
        dataSource.UsePasswordProvider(
            _ => passwords.GetPasswordAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult(),
            (_, cancellationToken) => passwords.GetPasswordAsync(cancellationToken));
    }
}
