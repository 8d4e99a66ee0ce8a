using Hosting;
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
        _app = await builder.BuildAsync(timeout.Token);
        await _app.StartAsync(timeout.Token);
        await _app.WaitForAllHealthyAsync(timeout.Token);
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
