using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using ServiceDefaults.Lakebase;

namespace Databricks.Client;

public static class DatabricksClientRegistration
{
    /// <summary>
    /// Registers <see cref="DatabricksClient"/> (and its area clients) over IHttpClientFactory, plus the identity services
    /// that <c>UseDatabricksIdentity</c> needs. Options bind from the "Databricks" section; the workspace comes from
    /// DATABRICKS_HOST or the "databricks" service reference.
    /// </summary>
    public static TBuilder AddDatabricksClient<TBuilder>(this TBuilder builder, Action<DatabricksClientOptions>? configure = null)
        where TBuilder : IHostApplicationBuilder
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        var host = DatabricksHostResolver.Resolve(builder.Configuration);

        services.AddOptions<DatabricksClientOptions>()
            .Bind(builder.Configuration.GetSection("Databricks"))
            .Configure(options => options.Host = host);
        if (configure is not null)
        {
            services.Configure(configure);
        }

        services.AddOptions<DatabricksIdentityOptions>().Bind(builder.Configuration.GetSection("Databricks:Identity"));

        // Our own retry rules replace the standard resilience handler that ServiceDefaults puts on every client: that
        // handler would retry a statement submit or an invocation on 500/504, and its timeouts are too short for models.
        // RemoveAllResilienceHandlers is marked for evaluation; the package version is pinned and a test proves it works.
#pragma warning disable EXTEXP0001
        var httpClient = services
            .AddHttpClient(DatabricksTransport.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .RemoveAllResilienceHandlers()
            .RedactLoggedHeaders(_ => true);
#pragma warning restore EXTEXP0001
        if (DatabricksHostResolver.IsServiceReference(host))
        {
            services.AddServiceDiscovery();
            httpClient.AddServiceDiscovery();
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<DatabricksTransport>();
        services.TryAddSingleton(provider => new DatabricksClient(provider.GetRequiredService<DatabricksTransport>()));
        services.TryAddSingleton(provider => provider.GetRequiredService<DatabricksClient>().Scim);
        services.TryAddSingleton(provider => provider.GetRequiredService<DatabricksClient>().UnityCatalog);
        services.TryAddSingleton(provider => provider.GetRequiredService<DatabricksClient>().Statements);
        services.TryAddSingleton(provider => provider.GetRequiredService<DatabricksClient>().ServingEndpoints);
        services.TryAddSingleton(provider => provider.GetRequiredService<DatabricksClient>().Database);

        services.TryAddSingleton<AppTokenProvider>();
        if (builder.Configuration[LakebasePasswordProvider.InstanceNameSetting] is { Length: > 0 })
        {
            services.TryAddSingleton<ILakebasePasswordProvider, LakebasePasswordProvider>();
        }

        services.AddHttpContextAccessor();
        services.TryAddSingleton<ICurrentUserAccessor, CurrentUserAccessor>();
        services.TryAddSingleton(provider => new IdentityResolver(
            provider.GetRequiredService<ScimClient>(),
            provider.GetRequiredService<IOptions<DatabricksIdentityOptions>>()));
        return builder;
    }
}
