using Aspire.Hosting;
using Aspire.Hosting.Testing;
using AppHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tests.Support;

/// <summary>
/// The AppHost's own topology (<c>DistributedApplicationTestingBuilder.CreateAsync&lt;Projects.AppHost&gt;</c>) with
/// the Aspire dashboard, started once for the whole test run by the first class that needs it and shared by every
/// topology test class, which run side by side (xunit's class parallelism). The run's last step
/// (<see cref="TopologyTestFramework"/>) checks the telemetry for tokens and disposes the app gracefully, so the
/// services flush their coverage. Each test class receives one of these as a class fixture: a handle on that one
/// topology.
/// </summary>
public sealed class TopologyFixture : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    private static readonly Lock StartGate = new();
    private static Task<RunningTopology>? s_started;

    private RunningTopology? _running;

    private RunningTopology Running => _running ?? throw new InvalidOperationException("The topology has not started.");

    public TestOutputSink Output => Running.Output;

    public ContractObservations Contract => Running.Contract;

    public DistributedApplication App => Running.App;

    /// <summary>The spans, logs and metrics the topology sent to its dashboard.</summary>
    public DashboardTelemetry Telemetry => Running.Telemetry;

    public IDisposable AttachOutput(Xunit.Abstractions.ITestOutputHelper output) => Running.Output.Attach(output);

    /// <summary>
    /// Waits for the right to run one test: shared with the other tests of the topology, or, for a test that changes
    /// what every caller sees, alone.
    /// </summary>
    public Task<IDisposable> EnterAsync(bool exclusive) => Running.Gate.EnterAsync(exclusive);

    public async Task InitializeAsync()
    {
        lock (StartGate)
        {
            s_started ??= RunningTopology.StartAsync();
        }

        _running = await s_started;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    /// <summary>Stops the topology if this run started it; the test framework calls it once every test has run.</summary>
    internal static async Task StopAsync()
    {
        Task<RunningTopology>? started;
        lock (StartGate)
        {
            started = s_started;
            s_started = null;
        }

        if (started is { IsCompletedSuccessfully: true })
        {
            await started.Result.DisposeAsync();
        }
    }

    /// <summary>The capacity <see cref="RunningTopology"/> gives the model serving service's inference log queue.</summary>
    public const int InferenceLogQueueCapacity = RunningTopology.InferenceLogQueueCapacity;
}

/// <summary>The started app with what the tests read from it.</summary>
internal sealed class RunningTopology : IAsyncDisposable
{
    private RunningTopology(DistributedApplication app, TestOutputSink output, ContractObservations contract, DashboardTelemetry telemetry)
    {
        App = app;
        Output = output;
        Contract = contract;
        Telemetry = telemetry;
    }

    public DistributedApplication App { get; }

    public TestOutputSink Output { get; }

    public ContractObservations Contract { get; }

    public DashboardTelemetry Telemetry { get; }

    public TopologyGate Gate { get; } = new();

    public static async Task<RunningTopology> StartAsync()
    {
        using var timeout = new CancellationTokenSource(TopologyFixture.StartTimeout);
        var output = new TestOutputSink();
        var contract = new ContractObservations();
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(
            new DistributedApplicationTestingBuilderOptions { EnableDashboard = true }, [], timeout.Token);
        builder.Services.AddLogging(logging => logging.AddTestOutput(output));
        builder.Services.ConfigureHttpClientDefaults(http => http.AddHttpMessageHandler(contract.CreateHandler));
        AddServicesWithoutLakebase(builder);
        LimitTheInferenceLogQueue(builder);
        KeepEveryTelemetryItem(builder);
        KeepEveryTraceInTheDashboard(builder);
        var app = await builder.BuildAsync(timeout.Token);
        try
        {
            await app.StartAsync(timeout.Token);
            await app.WaitForAllHealthyAsync(timeout.Token);
            contract.Watch(app);
            return new RunningTopology(app, output, contract, await DashboardTelemetry.ConnectAsync(app, timeout.Token));
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }
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

    /// <summary>
    /// Queues for spans and log records far larger than OpenTelemetry's 2,048, so that no item is dropped while the
    /// exporter catches up with a burst of the tests beside it (ten concurrent clients, thousands of seeded rows): the
    /// telemetry tests read single spans and records back from the dashboard.
    /// </summary>
    private static void KeepEveryTelemetryItem(IDistributedApplicationBuilder builder)
    {
        foreach (var project in builder.Resources.OfType<ProjectResource>().ToList())
        {
            builder.CreateResourceBuilder(project)
                .WithEnvironment("OTEL_BSP_MAX_QUEUE_SIZE", "200000")
                .WithEnvironment("OTEL_BLRP_MAX_QUEUE_SIZE", "200000");
        }
    }

    /// <summary>
    /// The dashboard keeps 10,000 traces and 10,000 log records by default, sorted by start time, and drops an arriving
    /// item older than all of them. A whole run sends several times that, and a span that waited in an exporter's
    /// queue during a burst arrives older than the newest 10,000: with room for the whole run nothing is dropped. The
    /// limits go in a configuration file, which the AppHost hands on to the dashboard (ASPIRE_DASHBOARD_ settings are
    /// copied to it).
    /// </summary>
    private static void KeepEveryTraceInTheDashboard(IDistributedApplicationBuilder builder)
    {
        var path = Path.Combine(AppContext.BaseDirectory, "dashboard-limits.json");
        File.WriteAllText(path, """{"Dashboard":{"TelemetryLimits":{"MaxTraceCount":1000000,"MaxLogCount":1000000}}}""");
        builder.Configuration["ASPIRE_DASHBOARD_CONFIG_FILE_PATH"] = path;
    }

    /// <summary>The capacity <see cref="LimitTheInferenceLogQueue"/> gives the model serving service.</summary>
    public const int InferenceLogQueueCapacity = 5;

    /// <summary>Saves the contract observations and checks the run's telemetry for tokens (a leak fails the run), then stops the topology in any case.</summary>
    public async ValueTask DisposeAsync()
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await Contract.SaveAsync(App, timeout.Token);
            await TelemetryTokenAudit.VerifyAsync(Telemetry, timeout.Token);
        }
        finally
        {
            Telemetry.Dispose();
            await App.DisposeAsync();
        }
    }
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
