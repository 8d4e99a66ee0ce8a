using Databricks.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServiceDefaults.Correlation;
using ServiceDefaults.Problems;
using Tests.Support;

namespace Tests.DatabricksClient;

/// <summary>
/// An in-process app with AddDatabricksClient, a stub workspace behind IHttpClientFactory, manual time and captured
/// logs. Per-attempt timeouts are one hour so that only retry delays fire on their own.
/// </summary>
internal sealed class DatabricksTestHost : IAsyncDisposable
{
    public const string Host = "https://workspace.test";
    public static readonly TimeSpan AttemptTimeout = TimeSpan.FromHours(1);

    private DatabricksTestHost(WebApplication app, StubHandler handler, ManualTimeProvider time, CapturingLoggerProvider logs)
    {
        App = app;
        Handler = handler;
        Time = time;
        Logs = logs;
    }

    public WebApplication App { get; }

    public StubHandler Handler { get; }

    public ManualTimeProvider Time { get; }

    public CapturingLoggerProvider Logs { get; }

    public Databricks.Client.DatabricksClient Client => App.Services.GetRequiredService<Databricks.Client.DatabricksClient>();

    public HttpClient CreateTestClient() => App.GetTestClient();

    public static async Task<DatabricksTestHost> StartAsync(
        IDictionary<string, string?>? configuration = null,
        Action<DatabricksClientOptions>? configureClient = null,
        Action<WebApplicationBuilder>? configureBuilder = null,
        Action<WebApplication>? configureApp = null,
        Action<WebApplicationBuilder>? configureAfterClient = null)
    {
        var handler = new StubHandler();
        var time = new ManualTimeProvider(TimeSpan.FromMinutes(10));
        var logs = new CapturingLoggerProvider();
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = "Development" });
        builder.WebHost.UseTestServer();
        builder.Configuration.AddInMemoryCollection(configuration ?? new Dictionary<string, string?> { ["DATABRICKS_HOST"] = Host });
        builder.Logging.ClearProviders().AddProvider(logs).SetMinimumLevel(LogLevel.Trace);
        configureBuilder?.Invoke(builder);
        // The error half of the service defaults; the rest would add timers to the manual clock.
        builder.Services.AddCorrelationIds();
        builder.Services.AddApiProblems();
        builder.AddDatabricksClient(options =>
        {
            options.RequestTimeout = AttemptTimeout;
            options.InvocationTimeout = AttemptTimeout;
            configureClient?.Invoke(options);
        });
        configureAfterClient?.Invoke(builder);
        builder.Services.AddSingleton<TimeProvider>(time);
        builder.Services.AddHttpClient("Databricks.Client").ConfigurePrimaryHttpMessageHandler(() => handler);

        var app = builder.Build();
        configureApp?.Invoke(app);
        await app.StartAsync();
        return new DatabricksTestHost(app, handler, time, logs);
    }

    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
