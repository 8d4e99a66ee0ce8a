using System.Net.Sockets;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AppHost;

/// <summary>
/// Healthy when <c>GET {endpoint}{path}</c> answers 200, like Aspire's HTTP health check. While nothing listens yet
/// (the service is still starting) it keeps trying, so a service is seen healthy when it is, rather than at the next
/// tick of Aspire's health checks, whose interval grows by a second after each unhealthy report.
/// </summary>
internal sealed class PromptHttpHealthCheck(EndpointReference endpoint, string path) : IHealthCheck
{
    // Four services starting at once on two cores take 3 to 5 s to listen: a grace shorter than that left the mock
    // unhealthy twice at start-up and seen healthy up to 3 s after it answered. Once a service listens, a refused
    // connection means it stopped, and DCP reports that exit on its own.
    private static readonly TimeSpan StartupGrace = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(50);
    private static readonly HttpClient Http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(1) })
    {
        Timeout = TimeSpan.FromSeconds(5),
    };

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var uri = new Uri(new Uri(endpoint.Url), path);
        var deadline = DateTime.UtcNow + StartupGrace;
        while (true)
        {
            try
            {
                using var response = await Http.GetAsync(uri, cancellationToken);
                return response.IsSuccessStatusCode
                    ? HealthCheckResult.Healthy()
                    : HealthCheckResult.Unhealthy($"{uri} answered {(int)response.StatusCode}.");
            }
            catch (HttpRequestException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused })
            {
                if (DateTime.UtcNow + RetryDelay >= deadline)
                {
                    return HealthCheckResult.Unhealthy($"Nothing listens at {uri} yet.", e);
                }

                await Task.Delay(RetryDelay, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                return HealthCheckResult.Unhealthy($"{uri} did not answer.", e);
            }
        }
    }
}
