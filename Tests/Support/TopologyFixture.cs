using Hosting;
using Hosting.ApplicationModel;
using Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Tests.Support;

/// <summary>
/// The AppHost's whole topology, started once for a test collection and torn down gracefully after it, so the
/// services flush their coverage. Tests attach their output with <see cref="AttachOutput"/>.
/// </summary>
public sealed class TopologyFixture : IAsyncLifetime
{
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private DistributedApplication? _app;

    public TestOutputSink Output { get; } = new();

    public DistributedApplication App => _app ?? throw new InvalidOperationException("The topology has not started.");

    public IDisposable AttachOutput(Xunit.Abstractions.ITestOutputHelper output) => Output.Attach(output);

    public async Task InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AppHost>(cancellationToken: timeout.Token);
        builder.Builder.Services.AddLogging(logging => logging.AddProvider(new TestOutputLoggerProvider(Output)));
        AddServicesWithoutLakebase(builder.Builder);
        _app = await builder.BuildAsync(timeout.Token);
        await _app.StartAsync(timeout.Token);
        await _app.WaitForAllHealthyAsync(timeout.Token);
    }

    /// <summary>
    /// The same services with the workspace but no Lakebase reference: the real "not configured" path (US1.6, US3.10).
    /// </summary>
    private static void AddServicesWithoutLakebase(IDistributedApplicationBuilder builder)
    {
        var databricks = builder.CreateResourceBuilder<ProjectResource>("databricks");
        builder.AddProject<Projects.Lakebase_Service>(Resources.LakebaseApiWithoutDatabase).WithReference(databricks).WithHttpHealthCheck();
    }

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
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
    public const string Databricks = "databricks";
    public const string LakebaseApi = "lakebase-api";
    public const string CatalogApi = "catalog-api";
    public const string ModelServingApi = "model-serving-api";
    public const string LakebaseApiWithoutDatabase = "lakebase-api-nodb";
}
