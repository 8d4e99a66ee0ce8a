using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

using Tests.Support;

namespace Tests.ServiceDefaults;

/// <summary>A WebApplication with the service defaults, hosted in memory on TestServer (or on Kestrel, for limits TestServer does not enforce).</summary>
internal sealed class TestServiceHost : IAsyncDisposable
{
    public const string ApplicationName = "Tests";

    private TestServiceHost(WebApplication app, HttpClient client, CapturingLoggerProvider logs)
    {
        App = app;
        Client = client;
        Logs = logs;
    }

    public WebApplication App { get; }

    public HttpClient Client { get; }

    public CapturingLoggerProvider Logs { get; }

    public IServiceProvider Services => App.Services;

    public static async Task<TestServiceHost> StartAsync(
        Action<WebApplication>? mapRoutes = null,
        Action<WebApplicationBuilder>? configure = null,
        string environment = "Production",
        IReadOnlyDictionary<string, string?>? settings = null,
        bool useKestrel = false)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = environment,
            ApplicationName = ApplicationName,
        });

        if (useKestrel)
        {
            builder.WebHost.UseUrls("http://127.0.0.1:0");
        }
        else
        {
            builder.WebHost.UseTestServer();
        }

        // The machine's environment must not decide what a test sees, such as an OTLP endpoint.
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["OTEL_EXPORTER_OTLP_ENDPOINT"] = "" });
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        var logs = new CapturingLoggerProvider();
        builder.Logging.AddProvider(logs);
        builder.Logging.SetMinimumLevel(LogLevel.Debug);

        configure?.Invoke(builder);
        builder.AddServiceDefaults();

        var app = builder.Build();
        app.MapDefaultEndpoints();
        mapRoutes?.Invoke(app);
        await app.StartAsync();

        var client = useKestrel ? new HttpClient { BaseAddress = new Uri(app.Urls.First()) } : app.GetTestClient();
        return new TestServiceHost(app, client, logs);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}

internal static class HttpResponseMessageExtensions
{
    /// <summary>The body of a problem response, after checking that it is one.</summary>
    public static async Task<JsonElement> ReadProblemAsync(this HttpResponseMessage response)
    {
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        var body = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    public static string? CorrelationIdHeader(this HttpResponseMessage response) =>
        response.Headers.TryGetValues("X-Correlation-ID", out var values) ? values.Single() : null;

    public static int? RetryAfterSeconds(this HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta is { } delta ? (int)delta.TotalSeconds : null;
}

internal static class JsonContent
{
    public static StringContent Create(string json, string mediaType = "application/json") =>
        new(json, new MediaTypeHeaderValue(mediaType) { CharSet = "utf-8" });
}
