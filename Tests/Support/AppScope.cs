using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Tests.Support;

/// <summary>
/// For tests that declare their own small topology on Aspire's testing builder: the builder logs (resource console
/// lines included) to this test's output, and every app built here is disposed when the test ends, even when it fails.
/// </summary>
public abstract class AppScope(ITestOutputHelper output) : IAsyncLifetime
{
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    private readonly List<IAsyncDisposable> _owned = [];
    private readonly TestOutputSink _sink = new();
    private IDisposable? _attached;

    protected CancellationToken TestTimeout { get; } = new CancellationTokenSource(Timeout).Token;

    protected IDistributedApplicationTestingBuilder CreateBuilder(IReadOnlyDictionary<string, string?>? configuration = null)
    {
        var arguments = (configuration ?? new Dictionary<string, string?>()).Select(pair => $"--{pair.Key}={pair.Value}").ToArray();
        var builder = DistributedApplicationTestingBuilder.Create(arguments);
        _owned.Add(builder);
        builder.Services.AddLogging(logging => logging
            .AddProvider(new TestOutputLoggerProvider(_sink))
            .AddFilter("Aspire.Hosting", LogLevel.Warning)
            .AddFilter("Microsoft", LogLevel.Warning));
        return builder;
    }

    protected async Task<DistributedApplication> StartAsync(IDistributedApplicationTestingBuilder builder)
    {
        var app = await builder.BuildAsync(TestTimeout);
        _owned.Insert(0, app);
        await app.StartAsync(TestTimeout);
        return app;
    }

    public Task InitializeAsync()
    {
        _attached = _sink.Attach(output);
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        foreach (var owned in _owned)
        {
            await owned.DisposeAsync();
        }

        _owned.Clear();
        _attached?.Dispose();
    }
}
