using System.Reflection;
using AppHost;
using Aspire.Hosting;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
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

    /// <summary>
    /// <c>DistributedApplicationTestingBuilder.Create(args)</c> looks for DCP and the dashboard through the assembly
    /// metadata of an AppHost on the call stack, which a test assembly is not ("No application host assembly was
    /// found"). Aspire's overload that is given the AppHost assembly instead is internal, so it is called here; the
    /// builder then runs DCP, the dashboard and the launch profile of our AppHost, with none of its resources.
    /// </summary>
    private static readonly Func<string[], Action<DistributedApplicationOptions, HostApplicationBuilderSettings>, Assembly, IDistributedApplicationTestingBuilder> CreateForAppHost =
        typeof(DistributedApplicationTestingBuilder).GetMethod("Create", BindingFlags.NonPublic | BindingFlags.Static,
            [typeof(string[]), typeof(Action<DistributedApplicationOptions, HostApplicationBuilderSettings>), typeof(Assembly)])?
            .CreateDelegate<Func<string[], Action<DistributedApplicationOptions, HostApplicationBuilderSettings>, Assembly, IDistributedApplicationTestingBuilder>>()
        ?? throw new MissingMethodException("Aspire.Hosting.Testing no longer has the internal Create(args, configureBuilder, appHostAssembly) that AppScope uses.");

    protected IDistributedApplicationTestingBuilder CreateBuilder(IReadOnlyDictionary<string, string?>? configuration = null)
    {
        var arguments = (configuration ?? new Dictionary<string, string?>()).Select(pair => $"--{pair.Key}={pair.Value}").ToArray();
        return CreateBuilder(arguments);
    }

    /// <summary>A builder given these command-line arguments (<c>--operation publish</c>, for instance).</summary>
    protected IDistributedApplicationTestingBuilder CreateBuilder(string[] arguments)
    {
        var builder = CreateForAppHost(arguments, (_, _) => { }, typeof(AppHost.LocalServiceExtensions).Assembly);
        // DCP starts as under the AppHost, with the cached certificate rather than a key it generates each time.
        builder.WithDcpCertificate();
        _owned.Add(builder);
        builder.Services.AddLogging(logging => logging.AddTestOutput(_sink));
        return builder;
    }

    protected async Task<DistributedApplication> StartAsync(IDistributedApplicationTestingBuilder builder)
    {
        var app = await BuildAsync(builder);
        await app.StartAsync(TestTimeout);
        return app;
    }

    /// <summary>Builds the app without starting it (to watch it from its very first event); it is disposed with the test.</summary>
    protected async Task<DistributedApplication> BuildAsync(IDistributedApplicationTestingBuilder builder)
    {
        var app = await builder.BuildAsync(TestTimeout);
        _owned.Insert(0, app);
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

    /// <summary>Polls <paramref name="condition"/> until it holds, failing at the test's deadline.</summary>
    protected async Task WaitUntilAsync(Func<bool> condition, string because)
    {
        while (!condition())
        {
            TestTimeout.IsCancellationRequested.Should().BeFalse($"{because} within {Timeout}");
            await Task.Delay(50, TestTimeout);
        }
    }
}
