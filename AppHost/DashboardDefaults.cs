using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace AppHost;

/// <summary>
/// The dashboard's addresses when nothing else names them: the same as the <c>http</c> launch profile, so that a bare
/// <c>dotnet AppHost.dll</c> (no launch profile, any working directory) starts the dashboard without a certificate.
/// </summary>
public static class DashboardDefaults
{
    private static readonly Dictionary<string, string?> Defaults = new()
    {
        ["ASPNETCORE_URLS"] = "http://localhost:18888",
        ["ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL"] = "http://localhost:18889",
        ["ASPIRE_RESOURCE_SERVICE_ENDPOINT_URL"] = "http://localhost:18890",
        ["ASPIRE_ALLOW_UNSECURED_TRANSPORT"] = "true",
    };

    /// <summary>Adds the defaults below every other configuration source, then exits if a fixed dashboard port is taken.</summary>
    public static IDistributedApplicationBuilder WithDashboardDefaults(this IDistributedApplicationBuilder builder)
    {
        builder.Configuration.Sources.Insert(0, new MemoryConfigurationSource { InitialData = Defaults });
        return builder.ExitIfDashboardPortsAreTaken();
    }

    /// <summary>Under the testing builder ports are random and nobody reads the console.</summary>
    internal static bool IsTestRun(this IDistributedApplicationBuilder builder) => builder.Configuration.GetValue<bool>("DcpPublisher:RandomizePorts");

    /// <summary>
    /// Exits at once, with one line, when a fixed dashboard port is taken (another AppHost, most likely), instead of
    /// failing later with the dashboard half up.
    /// </summary>
    private static IDistributedApplicationBuilder ExitIfDashboardPortsAreTaken(this IDistributedApplicationBuilder builder)
    {
        if (!builder.ExecutionContext.IsRunMode || builder.IsTestRun())
        {
            return builder;
        }

        foreach (var setting in Defaults.Keys.Where(k => k.EndsWith("URLS", StringComparison.Ordinal) || k.EndsWith("_URL", StringComparison.Ordinal)))
        {
            foreach (var url in (builder.Configuration[setting] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries))
            {
                if (Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Port > 0 && !IsFree(uri.Port))
                {
                    Console.Error.WriteLine($"Port {uri.Port} ({setting}={url}) is taken, probably by another AppHost: stop it, or set {setting} to a free port.");
                    Environment.Exit(1);
                }
            }
        }

        return builder;
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
