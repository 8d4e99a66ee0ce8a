using System.Net;
using System.Text;
using Databricks.Client;
using Microsoft.Extensions.DependencyInjection;
using ServiceDefaults.Lakebase;

namespace Tests.DatabricksClient;

/// <summary>The app's own token (PAT or OAuth M2M) and the Lakebase passwords minted with it, refreshed before expiry.</summary>
public sealed class AppCredentialTests
{
    private static readonly Dictionary<string, string?> ServicePrincipal = new()
    {
        ["DATABRICKS_HOST"] = DatabricksTestHost.Host,
        ["DATABRICKS_CLIENT_ID"] = "app-client-id",
        ["DATABRICKS_CLIENT_SECRET"] = "app-secret",
        ["Lakebase:InstanceName"] = "lakebase-instance",
    };

    [Fact]
    public async Task A_service_principal_gets_an_oauth_token_with_basic_auth_and_reuses_it_until_half_its_life_is_left()
    {
        await using var host = await DatabricksTestHost.StartAsync(ServicePrincipal);
        var tokens = host.App.Services.GetRequiredService<AppTokenProvider>();
        host.Handler.Json("""{"access_token":"oauth-1","token_type":"Bearer","expires_in":3600,"scope":"all-apis"}""")
            .Json("""{"access_token":"oauth-2","token_type":"Bearer","expires_in":3600,"scope":"all-apis"}""");

        var first = await tokens.GetTokenAsync(CancellationToken.None);
        host.Time.Advance(TimeSpan.FromMinutes(39));
        var reused = await tokens.GetTokenAsync(CancellationToken.None);
        host.Time.Advance(TimeSpan.FromMinutes(2));
        var renewed = await tokens.GetTokenAsync(CancellationToken.None);

        reused.Should().BeSameAs(first);
        renewed.Should().NotBeSameAs(first, "20 minutes before expiry the token is renewed");
        host.Handler.Requests.Should().HaveCount(2);
        var request = host.Handler.Requests.First();
        request.Method.Should().Be(HttpMethod.Post);
        request.Uri.Should().Be(new Uri($"{DatabricksTestHost.Host}/oidc/v1/token"));
        request.Authorization.Should().Be($"Basic {Convert.ToBase64String(Encoding.UTF8.GetBytes("app-client-id:app-secret"))}");
        request.ContentType.Should().Be("application/x-www-form-urlencoded");
        request.Body.Should().Be("grant_type=client_credentials&scope=all-apis");
    }

    [Fact]
    public async Task A_personal_access_token_is_used_as_it_is()
    {
        await using var host = await DatabricksTestHost.StartAsync(new Dictionary<string, string?>(ServicePrincipal) { ["DATABRICKS_TOKEN"] = "dapi-app" });
        host.Handler.Json("""{"token":"pg-password","expiration_time":"2099-01-01T00:00:00Z"}""");

        var password = await host.App.Services.GetRequiredService<ILakebasePasswordProvider>().GetPasswordAsync(CancellationToken.None);

        password.Should().Be("pg-password");
        host.Handler.Single.Authorization.Should().Be("Bearer dapi-app", "the PAT goes straight to the credentials call");
    }

    [Fact]
    public async Task Refused_client_credentials_fail_with_the_status_and_without_the_secret()
    {
        await using var host = await DatabricksTestHost.StartAsync(ServicePrincipal);
        host.Handler.Respond(HttpStatusCode.Unauthorized, """{"error":"invalid_client","error_description":"Client authentication failed."}""");

        var refused = await FluentActions.Invoking(() => host.App.Services.GetRequiredService<AppTokenProvider>().GetTokenAsync(CancellationToken.None).AsTask())
            .Should().ThrowAsync<DatabricksApiException>();

        refused.Which.StatusCode.Should().Be(401);
        refused.Which.Message.Should().NotContain("app-secret");
    }

    [Fact]
    public async Task Without_a_credential_of_its_own_the_app_cannot_mint_and_says_what_to_set()
    {
        await using var host = await DatabricksTestHost.StartAsync(new Dictionary<string, string?> { ["DATABRICKS_HOST"] = DatabricksTestHost.Host });

        var missing = await FluentActions.Invoking(() => host.App.Services.GetRequiredService<AppTokenProvider>().GetTokenAsync(CancellationToken.None).AsTask())
            .Should().ThrowAsync<DatabricksApiException>();

        missing.Which.IsNotConfigured.Should().BeTrue();
        missing.Which.Message.Should().Contain("DATABRICKS_CLIENT_ID");
        host.App.Services.GetService<ILakebasePasswordProvider>().Should().BeNull("no Lakebase instance is named");
    }

    [Fact]
    public async Task A_lakebase_password_is_minted_for_the_instance_and_renewed_two_minutes_before_it_expires()
    {
        await using var host = await DatabricksTestHost.StartAsync(ServicePrincipal);
        var expiry = host.Time.GetUtcNow().AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
        host.Handler.Json("""{"access_token":"oauth-1","token_type":"Bearer","expires_in":7200}""")
            .Json($$"""{"token":"pg-1","expiration_time":"{{expiry}}"}""")
            .Json("""{"token":"pg-2"}""");
        var passwords = host.App.Services.GetRequiredService<ILakebasePasswordProvider>();

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => passwords.GetPasswordAsync(CancellationToken.None).AsTask()));
        host.Time.Advance(TimeSpan.FromMinutes(57));
        var reused = await passwords.GetPasswordAsync(CancellationToken.None);
        host.Time.Advance(TimeSpan.FromMinutes(2));
        var renewed = await passwords.GetPasswordAsync(CancellationToken.None);

        concurrent.Should().AllBe("pg-1", "concurrent logins share one mint");
        reused.Should().Be("pg-1");
        renewed.Should().Be("pg-2");
        var requests = host.Handler.Requests.ToList();
        requests.Select(r => r.PathAndQuery).Should().Equal("/oidc/v1/token", "/api/2.0/database/credentials", "/api/2.0/database/credentials");
        requests[1].Authorization.Should().Be("Bearer oauth-1");
        requests[1].Body.Should().Contain("\"instance_names\":[\"lakebase-instance\"]");
    }
}
