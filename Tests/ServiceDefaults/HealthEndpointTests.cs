using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using ServiceDefaults;

namespace Tests.ServiceDefaults;

public sealed class HealthEndpointTests
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    [InlineData("Development")]
    public async Task Health_and_alive_answer_in_every_environment(string environment)
    {
        await using var host = await TestServiceHost.StartAsync(environment: environment);

        using var health = await host.Client.GetAsync("/health");
        using var alive = await host.Client.GetAsync("/alive");

        health.StatusCode.Should().Be(HttpStatusCode.OK);
        (await health.Content.ReadAsStringAsync()).Should().Be("Healthy");
        alive.StatusCode.Should().Be(HttpStatusCode.OK);
        (await alive.Content.ReadAsStringAsync()).Should().Be("Healthy");
    }

    [Fact]
    public async Task A_failing_dependency_fails_health_but_not_alive()
    {
        await using var host = await TestServiceHost.StartAsync(configure: builder =>
            builder.Services.AddHealthChecks().AddCheck("dependency", () => HealthCheckResult.Unhealthy(), [HealthCheckTags.Ready]));

        using var health = await host.Client.GetAsync("/health");
        using var alive = await host.Client.GetAsync("/alive");

        health.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        alive.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Health_endpoints_need_no_credentials_even_when_everything_else_does()
    {
        await using var host = await TestServiceHost.StartAsync(
            configure: builder =>
            {
                builder.Services.AddAuthentication(DenyAllHandler.SchemeName)
                    .AddScheme<AuthenticationSchemeOptions, DenyAllHandler>(DenyAllHandler.SchemeName, null);
                builder.Services.AddAuthorizationBuilder()
                    .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build());
            },
            mapRoutes: app => app.MapGet("/api/secret", () => "secret"));

        using var secret = await host.Client.GetAsync("/api/secret");
        using var health = await host.Client.GetAsync("/health");
        using var alive = await host.Client.GetAsync("/alive");

        secret.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        health.StatusCode.Should().Be(HttpStatusCode.OK);
        alive.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    /// <summary>Authenticates nobody.</summary>
    private sealed class DenyAllHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "deny-all";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());
    }
}
