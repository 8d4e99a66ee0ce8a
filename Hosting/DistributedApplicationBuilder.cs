using System.Diagnostics;
using System.Reflection;
using Hosting.ApplicationModel;
using Hosting.Dashboard;
using Hosting.Orchestration;
using Hosting.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hosting;

public interface IDistributedApplicationBuilder
{
    ConfigurationManager Configuration { get; }

    IServiceCollection Services { get; }

    IHostEnvironment Environment { get; }

    IReadOnlyList<IResource> Resources { get; }

    IResourceBuilder<T> AddResource<T>(T resource) where T : IResource;

    /// <summary>A builder for a resource already in the model, such as one the AppHost declared.</summary>
    IResourceBuilder<T> CreateResourceBuilder<T>(string name) where T : IResource;

    DistributedApplication Build();
}

/// <summary>
/// Aspire's builder shape on a generic host. Configuration is the process environment, then the command line
/// (<c>--dashboard-url</c> maps to <c>Dashboard:Url</c>); AppHosts keep their topology in code, not in settings files.
/// </summary>
public sealed class DistributedApplicationBuilder : IDistributedApplicationBuilder
{
    private readonly HostApplicationBuilder _host;
    private readonly List<IResource> _resources = [];
    private readonly Stopwatch _sinceCreated = Stopwatch.StartNew();

    internal DistributedApplicationBuilder(string[] args, TestingOptions? testing)
    {
        _host = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = args,
            ApplicationName = Assembly.GetEntryAssembly()?.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
            EnvironmentName = testing is not null
                ? Environments.Development
                : System.Environment.GetEnvironmentVariable("DOTNET_ENVIRONMENT") ?? Environments.Production,
        });
        _host.Configuration.AddEnvironmentVariables();
        if (testing is not null)
        {
            _host.Configuration.AddInMemoryCollection(testing.Configuration);
        }

        _host.Configuration.AddCommandLine(args, new Dictionary<string, string> { ["--dashboard-url"] = "Dashboard:Url" });
        _host.Logging.AddSimpleConsole(o => o.SingleLine = true);
        _host.Logging.AddFilter("Microsoft", LogLevel.Warning);
        _host.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(15));
        // The AppHost handles Ctrl+C and SIGTERM through the console lifetime, quietly.
        _host.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        Testing = testing;
    }

    public ConfigurationManager Configuration => _host.Configuration;

    public IServiceCollection Services => _host.Services;

    public IHostEnvironment Environment => _host.Environment;

    public IReadOnlyList<IResource> Resources => _resources;

    internal TestingOptions? Testing { get; }

    public IResourceBuilder<T> AddResource<T>(T resource) where T : IResource
    {
        if (_resources.Any(r => string.Equals(r.Name, resource.Name, StringComparison.OrdinalIgnoreCase)))
        {
            throw new InvalidOperationException($"A resource named '{resource.Name}' already exists.");
        }

        _resources.Add(resource);
        return new ResourceBuilder<T>(this, resource);
    }

    public IResourceBuilder<T> CreateResourceBuilder<T>(string name) where T : IResource =>
        _resources.OfType<T>().FirstOrDefault(r => string.Equals(r.Name, name, StringComparison.OrdinalIgnoreCase)) is { } resource
            ? new ResourceBuilder<T>(this, resource)
            : throw new ArgumentException($"There is no {typeof(T).Name} named '{name}'.", nameof(name));

    public DistributedApplication Build()
    {
        // Under the testing builder, the AppHost's own Build() call hands the builder over and stops its Main.
        TestingHooks.OnBuild(this);
        return BuildCore();
    }

    internal DistributedApplication BuildCore()
    {
        var model = new DistributedApplicationModel([.. _resources]);
        _host.Services.AddSingleton(model);
        _host.Services.AddSingleton<ResourceNotificationService>();
        _host.Services.AddSingleton<ResourceLoggerService>();
        _host.Services.TryAddSingleton<PortAllocator>();
        _host.Services.AddSingleton(new OtlpSettings(Configuration["Hosting:OtlpEndpoint"]));
        _host.Services.AddSingleton<Orchestrator>();
        _host.Services.AddHostedService(sp => sp.GetRequiredService<Orchestrator>());
        if (Configuration.GetValue("Hosting:ResourceLogging", false))
        {
            _host.Services.AddHostedService<ResourceLogForwarder>();
        }

        if (Configuration.GetValue("Dashboard:Enabled", true))
        {
            _host.Services.AddSingleton<DashboardServer>();
            _host.Services.AddHostedService(sp => sp.GetRequiredService<DashboardServer>());
        }

        return new DistributedApplication(_host.Build(), _sinceCreated);
    }
}
