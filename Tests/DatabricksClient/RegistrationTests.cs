using System.Net;
using Databricks.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Tests.DatabricksClient;

public sealed class RegistrationTests
{
    [Theory]
    [InlineData("dbc-1234.cloud.databricks.com", "https://dbc-1234.cloud.databricks.com/")]
    [InlineData("https://dbc-1234.cloud.databricks.com/", "https://dbc-1234.cloud.databricks.com/")]
    [InlineData("https://dbc-1234.cloud.databricks.com:443", "https://dbc-1234.cloud.databricks.com/")]
    [InlineData(" http://localhost:5055 ", "http://localhost:5055/")]
    [InlineData("adb-1.2.azuredatabricks.net:8443", "https://adb-1.2.azuredatabricks.net:8443/")]
    public void Hosts_are_normalised_like_the_sdks_do(string configured, string expected) =>
        DatabricksHostResolver.Normalize(configured).Should().Be(new Uri(expected));

    [Theory]
    [InlineData("ftp://files.example.com")]
    [InlineData("https://bad host")]
    public void A_host_that_is_not_a_workspace_url_is_refused(string configured)
    {
        var act = () => DatabricksHostResolver.Normalize(configured);

        act.Should().Throw<InvalidOperationException>().WithMessage("*DATABRICKS_HOST*");
    }

    [Fact]
    public async Task A_host_without_a_scheme_gets_https()
    {
        await using var host = await DatabricksTestHost.StartAsync(new Dictionary<string, string?> { ["DATABRICKS_HOST"] = "dbc-9.cloud.databricks.com/" });
        host.Handler.Json("""{"userName":"a"}""");

        await host.Client.Scim.GetMeAsync(Tokens.Alice);

        host.Handler.Single.Uri.Should().Be(new Uri("https://dbc-9.cloud.databricks.com/api/2.0/preview/scim/v2/Me"));
    }

    [Fact]
    public async Task The_service_reference_is_resolved_through_service_discovery()
    {
        await using var host = await DatabricksTestHost.StartAsync(new Dictionary<string, string?> { ["services:databricks:http:0"] = "http://127.0.0.1:5999" });
        host.Handler.Json("""{"userName":"a"}""");

        await host.Client.Scim.GetMeAsync(Tokens.Alice);

        host.Client.IsConfigured.Should().BeTrue();
        host.Handler.Single.Uri.Should().Be(new Uri("http://127.0.0.1:5999/api/2.0/preview/scim/v2/Me"));
    }

    [Fact]
    public async Task The_service_reference_also_works_when_service_defaults_add_discovery_to_every_client()
    {
        await using var host = await DatabricksTestHost.StartAsync(
            new Dictionary<string, string?> { ["services:databricks:http:0"] = "http://127.0.0.1:5999" },
            configureBuilder: builder =>
            {
                builder.Services.AddServiceDiscovery();
                builder.Services.ConfigureHttpClientDefaults(http =>
                {
                    http.AddStandardResilienceHandler();
                    http.AddServiceDiscovery();
                });
            });
        host.Handler.Json("""{"userName":"a"}""");

        await host.Client.Scim.GetMeAsync(Tokens.Alice);

        host.Handler.Single.Uri.Should().Be(new Uri("http://127.0.0.1:5999/api/2.0/preview/scim/v2/Me"));
    }

    [Fact]
    public async Task An_https_only_service_reference_keeps_https()
    {
        await using var host = await DatabricksTestHost.StartAsync(new Dictionary<string, string?> { ["services:databricks:https:0"] = "https://127.0.0.1:5998" });
        host.Handler.Json("""{"userName":"a"}""");

        await host.Client.Scim.GetMeAsync(Tokens.Alice);

        host.Handler.Single.Uri.Should().Be(new Uri("https://127.0.0.1:5998/api/2.0/preview/scim/v2/Me"));
    }

    [Fact]
    public async Task Databricks_host_wins_over_the_service_reference()
    {
        await using var host = await DatabricksTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["DATABRICKS_HOST"] = "https://live.example.com",
            ["services:databricks:http:0"] = "http://127.0.0.1:5999",
        });
        host.Handler.Json("""{"userName":"a"}""");

        await host.Client.Scim.GetMeAsync(Tokens.Alice);

        host.Handler.Single.Uri.Host.Should().Be("live.example.com");
    }

    [Fact]
    public async Task Without_host_or_reference_the_workspace_is_not_configured()
    {
        await using var host = await DatabricksTestHost.StartAsync(new Dictionary<string, string?> { ["DATABRICKS_HOST"] = "" });

        var act = () => host.Client.Scim.GetMeAsync(Tokens.Alice);

        host.Client.IsConfigured.Should().BeFalse();
        var error = (await act.Should().ThrowAsync<DatabricksApiException>()).Which;
        error.IsNotConfigured.Should().BeTrue();
        error.IsWorkspaceUnavailable.Should().BeFalse();
        host.Handler.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task Options_bind_from_the_databricks_section()
    {
        await using var host = await DatabricksTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["DATABRICKS_HOST"] = "https://w.example.com",
            ["Databricks:MaxAttempts"] = "1",
        });
        host.Handler.RetryAfter(HttpStatusCode.ServiceUnavailable, "1");

        await FluentActions.Awaiting(() => host.Client.Scim.GetMeAsync(Tokens.Alice)).Should().ThrowAsync<DatabricksApiException>();

        host.Handler.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task The_area_clients_are_registered_and_shared()
    {
        await using var host = await DatabricksTestHost.StartAsync();
        var services = host.App.Services;

        services.GetRequiredService<ScimClient>().Should().BeSameAs(host.Client.Scim);
        services.GetRequiredService<UnityCatalogClient>().Should().BeSameAs(host.Client.UnityCatalog);
        services.GetRequiredService<SqlStatementsClient>().Should().BeSameAs(host.Client.Statements);
        services.GetRequiredService<ServingEndpointsClient>().Should().BeSameAs(host.Client.ServingEndpoints);
        services.GetRequiredService<DatabaseClient>().Should().BeSameAs(host.Client.Database);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task The_standard_resilience_handler_of_service_defaults_is_removed_so_a_500_submit_is_sent_once(bool defaultsFirst)
    {
        Action<Microsoft.AspNetCore.Builder.WebApplicationBuilder> serviceDefaults = builder =>
            builder.Services.ConfigureHttpClientDefaults(http => http.AddStandardResilienceHandler());
        await using var host = await DatabricksTestHost.StartAsync(
            configureBuilder: defaultsFirst ? serviceDefaults : null,
            configureAfterClient: defaultsFirst ? null : serviceDefaults);
        host.Handler.Respond(HttpStatusCode.InternalServerError).Respond(HttpStatusCode.OK, """{"statement_id":"s","status":{"state":"SUCCEEDED"}}""");

        var act = () => host.Client.Statements.ExecuteAsync(Tokens.Alice, new StatementRequest("SELECT 1", "w"));

        await act.Should().ThrowAsync<DatabricksApiException>();
        host.Handler.Requests.Should().ContainSingle();
    }

    [Fact]
    public async Task Default_http_client_logs_carry_no_token()
    {
        await using var host = await DatabricksTestHost.StartAsync();
        host.Handler.Json("""{"userName":"a"}""");

        await host.Client.Scim.GetMeAsync(Tokens.Alice);

        host.Logs.Entries.Should().Contain(m => m.Category.StartsWith("System.Net.Http.HttpClient.Databricks.Client", StringComparison.Ordinal));
        host.Logs.Entries.Should().OnlyContain(m => !m.Message.Contains(Tokens.AliceValue, StringComparison.Ordinal));
    }
}
