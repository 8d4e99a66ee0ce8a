using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;

namespace Tests.ServiceDefaults;

public sealed class HttpClientDefaultsTests
{
    [Fact]
    public async Task Clients_resolve_service_names_through_configuration()
    {
        var downstream = new RecordingHandler();
        await using var host = await TestServiceHost.StartAsync(
            configure: builder => builder.Services.AddHttpClient("catalog").ConfigurePrimaryHttpMessageHandler(() => downstream),
            settings: new Dictionary<string, string?> { ["services:catalog:http:0"] = "http://127.0.0.1:5999" });
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("catalog");

        using var response = await client.GetAsync(new Uri("http://catalog/api/ping"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        downstream.Requests.Should().ContainSingle().Which.RequestUri.Should().Be(new Uri("http://127.0.0.1:5999/api/ping"));
    }

    [Fact]
    public async Task Clients_retry_a_transient_failure()
    {
        var downstream = new RecordingHandler(HttpStatusCode.ServiceUnavailable);
        await using var host = await TestServiceHost.StartAsync(configure: builder =>
        {
            builder.Services.AddHttpClient("flaky").ConfigurePrimaryHttpMessageHandler(() => downstream);
            builder.Services.ConfigureAll<HttpStandardResilienceOptions>(options => options.Retry.Delay = TimeSpan.Zero);
        });
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("flaky");

        using var response = await client.GetAsync(new Uri("http://flaky.test/"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        downstream.Requests.Should().HaveCount(2);
    }
}
