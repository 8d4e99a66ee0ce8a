using Aspire.Hosting;
using Aspire.Hosting.Testing;
using AppHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tests.Support;

/// <summary>
/// The AppHost's own topology (<c>DistributedApplicationTestingBuilder.CreateAsync&lt;Projects.AppHost&gt;</c>) with
/// the Aspire dashboard, started once for a test collection and disposed gracefully after it, so the services flush
/// their coverage. Tests attach their output with <see cref="AttachOutput"/>.
/// </summary>
public sealed class TopologyFixture : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private DistributedApplication? _app;
    private DashboardTelemetry? _telemetry;

    public TestOutputSink Output { get; } = new();

    public ContractObservations Contract { get; } = new();

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The topology has not started.");

    /// <summary>The spans, logs and metrics the topology sent to its dashboard.</summary>
    public DashboardTelemetry Telemetry => _telemetry ?? throw new InvalidOperationException("The topology has not started.");

    public IDisposable AttachOutput(Xunit.Abstractions.ITestOutputHelper output) => Output.Attach(output);

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            new DistributedApplicationTestingBuilderOptions { EnableDashboard = true }, [], timeout.Token);
        builder.Services.AddLogging(logging => logging
            .AddProvider(new TestOutputLoggerProvider(Output))
            .AddFilter("Aspire.Hosting", LogLevel.Warning)
            .AddFilter("Microsoft", LogLevel.Warning));
        builder.Services.ConfigureHttpClientDefaults(http => http.AddHttpMessageHandler(Contract.CreateHandler));
        AddServicesWithoutLakebase(builder);
        LimitTheInferenceLogQueue(builder);
        _app = await builder.BuildAsync(timeout.Token);
        await _app.StartAsync(timeout.Token);
        await _app.WaitForAllHealthyAsync(timeout.Token);
        Contract.Watch(_app);
        _telemetry = await DashboardTelemetry.ConnectAsync(_app, timeout.Token);
    }

    /// <summary>
    /// The same services with the workspace but no Lakebase reference: the real "not configured" path (US1.6, US3.10).
    /// </summary>
    private static void AddServicesWithoutLakebase(IDistributedApplicationBuilder builder)
    {
        var databricks = builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single(r => r.Name == Resources.Databricks));
        var lakebaseWithoutDatabase = builder.AddProject<Projects.Lakebase_Service>(Resources.LakebaseApiWithoutDatabase)
            .AsLocalService().WithReference(databricks);
        builder.AddProject<Projects.ModelServing_Service>(Resources.ModelServingApiWithoutDatabase).AsLocalService().WithReference(databricks);
        AddDegradedCatalog(builder, databricks, lakebaseWithoutDatabase);
    }

    /// <summary>
    /// catalog-api whose lakebase-api answers 503 (so configuration gives the defaults, here samples.tpch) and whose
    /// query budget is 2 s, so that a statement held up by the mock outlives it quickly (QUERY_TIMEOUT).
    /// </summary>
    private static void AddDegradedCatalog(
        IDistributedApplicationBuilder builder, IResourceBuilder<ProjectResource> databricks, IResourceBuilder<ProjectResource> lakebase) =>
        builder.AddProject<Projects.Catalog_Service>(Resources.CatalogApiDegraded).AsLocalService()
            .WithReference(databricks)
            .WithReference(lakebase)
            .WithEnvironment("Catalog__LakebaseService", Resources.LakebaseApiWithoutDatabase)
            .WithEnvironment("Catalog__QueryTimeout", "00:00:02")
            .WithEnvironment("Databricks__DefaultCatalog", "samples")
            .WithEnvironment("Databricks__DefaultSchema", "tpch");

    /// <summary>
    /// A small queue for the inference log rows that wait out a database outage, so that a test can overflow it
    /// (Resilience/InferenceLogOutageTests); the service's default is 10,000.
    /// </summary>
    private static void LimitTheInferenceLogQueue(IDistributedApplicationBuilder builder)
    {
        var modelServing = builder.Resources.OfType<ProjectResource>().Single(r => r.Name == Resources.ModelServingApi);
        builder.CreateResourceBuilder(modelServing).WithEnvironment("ModelServing__LogQueueCapacity", InferenceLogQueueCapacity.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>The capacity <see cref="LimitTheInferenceLogQueue"/> gives the model serving service.</summary>
    public const int InferenceLogQueueCapacity = 5;

    /// <summary>Checks the run's telemetry for tokens (a leak fails the collection), then stops the topology in any case.</summary>
    public async Task DisposeAsync()
    {
        try
        {
            if (_telemetry is not null)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await Contract.SaveAsync(App, timeout.Token);
                await TelemetryTokenAudit.VerifyAsync(_telemetry, timeout.Token);
            }
        }
        finally
        {
            _telemetry?.Dispose();
            if (_app is not null)
            {
                await _app.DisposeAsync();
            }
        }
    }
}

[CollectionDefinition(Name)]
public sealed class TopologyCollection : ICollectionFixture<TopologyFixture>
{
    public const string Name = "Topology";
}

/// <summary>Names of the resources tests talk to.</summary>
public static class Resources
{
    public const string Postgres = "postgres";
    public const string Databricks = "databricks";
    public const string LakebaseApi = "lakebase-api";
    public const string CatalogApi = "catalog-api";
    public const string ModelServingApi = "model-serving-api";
    public const string LakebaseApiWithoutDatabase = "lakebase-api-nodb";
    public const string CatalogApiDegraded = "catalog-api-degraded";
    public const string ModelServingApiWithoutDatabase = "model-serving-api-nodb";
}
