using Hosting;
using Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Tests.Support;

/// <summary>
/// For tests that declare their own small topology: builders log to this test's output, and every app built here
/// is disposed when the test ends, even when it fails.
/// </summary>
public abstract class AppScope(ITestOutputHelper output) : IAsyncLifetime
{
    protected static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    private readonly List<DistributedApplication> _apps = [];
    private readonly TestOutputSink _sink = new();
    private IDisposable? _attached;

    protected CancellationToken TestTimeout { get; } = new CancellationTokenSource(Timeout).Token;

    protected IDistributedApplicationTestingBuilder CreateBuilder(IReadOnlyDictionary<string, string?>? configuration = null)
    {
        var builder = DistributedApplicationTestingBuilder.Create(configuration);
        builder.Builder.Services.AddLogging(logging => logging.AddProvider(new TestOutputLoggerProvider(_sink)));
        return builder;
    }

    protected async Task<DistributedApplication> StartAsync(IDistributedApplicationTestingBuilder builder, Action<DistributedApplication>? beforeStart = null)
    {
        var app = await builder.BuildAsync(TestTimeout);
        _apps.Add(app);
        beforeStart?.Invoke(app);
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
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        _apps.Clear();

        _attached?.Dispose();
    }
}
