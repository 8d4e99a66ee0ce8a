using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Hosting.ApplicationModel;
using Hosting.Orchestration;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hosting.Dashboard;

/// <summary>
/// The dashboard at http://localhost:18888 (or <c>Dashboard:Url</c>): a resources page, each resource's console,
/// and their JSON twins under /api. If the default port is taken, it moves to a free one rather than fail the run.
/// </summary>
internal sealed partial class DashboardServer(
    ResourceNotificationService notifications,
    ResourceLoggerService logs,
    IConfiguration configuration,
    ILogger<DashboardServer> logger) : IHostedService, IAsyncDisposable
{
    public const string DefaultUrl = "http://localhost:18888";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
    };

    private WebApplication? _app;

    public Uri? Url { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var requested = configuration["Dashboard:Url"] ?? DefaultUrl;
        try
        {
            _app = await StartOnAsync(requested, cancellationToken);
        }
        catch (IOException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse } || e.Message.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
        {
            var fallback = new UriBuilder(requested) { Port = 0 }.Uri.ToString().TrimEnd('/');
            _app = await StartOnAsync(fallback, cancellationToken);
            LogPortTaken(requested, Url!);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private async Task<WebApplication> StartOnAsync(string url, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        var app = builder.Build();
        MapRoutes(app);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        Url = new UriBuilder(url) { Port = port }.Uri;
        return app;
    }

    private void MapRoutes(WebApplication app)
    {
        app.MapGet("/", () => Results.Content(Page.Html, "text/html; charset=utf-8"));
        app.MapGet("/api/resources", () => Results.Json(notifications.Snapshots.Select(ToJson), Json));
        app.MapGet("/api/resources/{name}/logs", (string name) =>
        {
            if (!notifications.Snapshots.Any(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                return Results.Problem(statusCode: (int)HttpStatusCode.NotFound, title: "Not Found", detail: $"There is no resource named '{name}'.");
            }

            return Results.Json(logs.GetLines(name).Select(l => new { l.Number, l.Timestamp, l.Text, l.IsError }), Json);
        });
    }

    private static object ToJson(ResourceSnapshot s) => new
    {
        s.Name,
        s.Type,
        s.State,
        Health = s.Health?.ToString(),
        s.Urls,
        s.Pid,
        s.ExitCode,
        s.Error,
        s.Restarts,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dashboard port in {Requested} is taken; the dashboard is at {Actual} instead")]
    private partial void LogPortTaken(string requested, Uri actual);
}
