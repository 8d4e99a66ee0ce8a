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
    /// Registers a pooled <typeparamref name="TContext"/> on PostgreSQL from <c>ConnectionStrings:{connectionName}</c>, a
    /// <see cref="LakebaseStatus"/>, and, when the connection string is present, a database check on <c>/health</c>.
    /// Without a connection string nothing throws: the status says so, <c>/health</c> stays healthy, and any use of the
    /// context fails with <see cref="LakebaseNotConfiguredException"/>, which the error handler answers with 503
    /// <c>LAKEBASE_NOT_CONFIGURED</c>. The context is registered either way so that handlers can always be bound.
    /// </summary>
    /// <param name="configureNpgsql">Provider options, such as the migrations history table of the service's schema.</param>
    public static IHostApplicationBuilder AddLakebaseDbContext<TContext>(
        this IHostApplicationBuilder builder,
        string connectionName = DefaultConnectionName,
        Action<NpgsqlDbContextOptionsBuilder>? configureNpgsql = null)
        where TContext : DbContext
    {
        ArgumentNullException.ThrowIfNull(builder);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionName);

        var connectionString = LakebaseConnectionString.Resolve(builder.Configuration, connectionName);
        var isConfigured = !string.IsNullOrWhiteSpace(connectionString);
        var isFirstContext = AddStatus(builder.Services, new LakebaseStatus(connectionName, isConfigured));

        if (isConfigured && LakebaseConnectionString.UsesMintedPasswords(builder.Configuration))
        {
            // Each new connection logs in with a minted Lakebase credential (live mode, or a deployed Databricks App).
            builder.Services.AddDbContextPool<TContext>((services, options) => options.UseNpgsql(connectionString, npgsql =>
            {
                configureNpgsql?.Invoke(npgsql);
                npgsql.ConfigureDataSource(dataSource => UseMintedPasswords(dataSource, services));
            }));
        }
        else if (isConfigured)
        {
            // Aspire's integration gives the pooled context. Without its retries: with the database down a caller should
            // get a fast 503 with retry_after, not a hang. Without its health check: ours (below) answers within the
            // orchestrator's probe timeout and carries the "ready" tag. Without its tracing and metrics: ConfigureOpenTelemetry
            // already instruments Npgsql for every service.
            builder.AddNpgsqlDbContext<TContext>(connectionName,
                settings =>
                {
                    settings.ConnectionString = connectionString;
                    settings.DisableRetry = true;
                    settings.DisableHealthChecks = true;
                    settings.DisableTracing = true;
                    settings.DisableMetrics = true;
                },
                options => options.UseNpgsql(configureNpgsql));
        }
        else
        {
            builder.Services.AddDbContextPool<TContext>(options =>
                options.UseNpgsql(configureNpgsql).AddInterceptors(new LakebaseNotConfiguredInterceptor(connectionName)));
        }

        if (isConfigured && isFirstContext)
        {
            builder.Services.AddHealthChecks().AddCheck<LakebaseHealthCheck<TContext>>(
                connectionName, HealthStatus.Unhealthy, [HealthCheckTags.Ready], HealthCheckTimeout);
        }

        return builder;
    }

    private static void UseMintedPasswords(NpgsqlDataSourceBuilder dataSource, IServiceProvider services)
    {
        var passwords = services.GetService<ILakebasePasswordProvider>() ?? throw new InvalidOperationException(
            $"{LakebaseConnectionString.PasswordProviderSetting} is set, so Lakebase passwords are minted, but no {nameof(ILakebasePasswordProvider)} is registered (AddDatabricksClient registers one).");
        dataSource.UsePasswordProvider(
            _ => passwords.GetPasswordAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult(),
            (_, cancellationToken) => passwords.GetPasswordAsync(cancellationToken));
    }

    /// <returns>False when an earlier context already registered the status for the same connection.</returns>
    private static bool AddStatus(IServiceCollection services, LakebaseStatus status)
    {
        var existing = (LakebaseStatus?)services
            .FirstOrDefault(descriptor => descriptor.ServiceType == typeof(LakebaseStatus))?.ImplementationInstance;
        if (existing is null)
        {
            services.AddSingleton(status);
            return true;
        }

        if (existing.ConnectionName != status.ConnectionName)
        {
            throw new InvalidOperationException(
                $"This service already uses the Lakebase connection '{existing.ConnectionName}'; a service has one Lakebase database.");
        }

        return false;
    }
}
