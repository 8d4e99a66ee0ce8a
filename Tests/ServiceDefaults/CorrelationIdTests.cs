using System.Diagnostics;
using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using ServiceDefaults.Correlation;

namespace Tests.ServiceDefaults;

public sealed class CorrelationIdTests
{
    private const string LongestValidId = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ._";

    private readonly RecordingHandler _downstream = new();

    private void MapRoutes(WebApplication app)
    {
        app.MapGet("/api/correlation", (HttpContext context, ILogger<CorrelationIdTests> logger) =>
        {
            logger.LogInformation("Handling the request");
            return context.GetCorrelationId();
        });
        app.MapGet("/api/span", () => Activity.Current?.GetTagItem(CorrelationId.ActivityTagName) as string ?? "no span");
        app.MapGet("/api/call-downstream", async (IHttpClientFactory clients, CancellationToken cancellationToken) =>
        {
            using var response = await clients.CreateClient("downstream").GetAsync(new Uri("http://downstream.test/ping"), cancellationToken);
            return response.StatusCode.ToString();
        });
    }

    private Task<TestServiceHost> StartAsync() => TestServiceHost.StartAsync(MapRoutes, builder =>
        builder.Services.AddHttpClient("downstream").ConfigurePrimaryHttpMessageHandler(() => _downstream));

    [Theory]
    [InlineData("a")]
    [InlineData("req-42")]
    [InlineData("A.b_C-9")]
    [InlineData(LongestValidId)]
    public async Task A_valid_id_is_used_and_echoed(string correlationId)
    {
        LongestValidId.Length.Should().Be(CorrelationId.MaxLength);
        await using var host = await StartAsync();

        using var response = await SendAsync(host, "/api/correlation", correlationId);

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        response.CorrelationIdHeader().Should().Be(correlationId);
        (await response.Content.ReadAsStringAsync()).Should().Be(correlationId);
    }

    [Theory]
    [InlineData("")]
    [InlineData("two words")]
    [InlineData("semi;colon")]
    [InlineData("slash/ed")]
    [InlineData("ünïcode")]
    [InlineData(LongestValidId + "x")]
    public async Task An_invalid_id_is_replaced_by_a_new_one(string correlationId)
    {
        await using var host = await StartAsync();

        using var response = await SendAsync(host, "/api/correlation", correlationId);

        var echoed = response.CorrelationIdHeader();
        echoed.Should().NotBe(correlationId);
        CorrelationId.IsValid(echoed).Should().BeTrue();
        (await response.Content.ReadAsStringAsync()).Should().Be(echoed);
    }

    [Fact]
    public async Task Without_an_id_each_request_gets_a_new_one()
    {
        await using var host = await StartAsync();

        using var first = await host.Client.GetAsync("/api/correlation");
        using var second = await host.Client.GetAsync("/api/correlation");

        Guid.TryParse(first.CorrelationIdHeader(), out _).Should().BeTrue();
        second.CorrelationIdHeader().Should().NotBe(first.CorrelationIdHeader());
    }

    [Fact]
    public async Task Two_ids_in_one_request_are_replaced()
    {
        await using var host = await StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/correlation");
        request.Headers.Add(CorrelationId.HeaderName, ["one", "two"]);

        using var response = await host.Client.SendAsync(request);

        response.CorrelationIdHeader().Should().NotBe("one").And.NotBe("two");
    }

    [Fact]
    public async Task Error_responses_echo_the_id_in_the_header_and_the_body()
    {
        await using var host = await StartAsync();

        using var response = await SendAsync(host, "/api/unknown", "lost-1");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        response.CorrelationIdHeader().Should().Be("lost-1");
        (await response.ReadProblemAsync()).GetProperty("correlation_id").GetString().Should().Be("lost-1");
    }

    [Fact]
    public async Task Logs_written_while_handling_a_request_carry_the_id_in_their_scope()
    {
        await using var host = await StartAsync();

        using var response = await SendAsync(host, "/api/correlation", "log-1");

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var entry = host.Logs.Entries.Should().ContainSingle(entry => entry.Category == typeof(CorrelationIdTests).FullName).Subject;
        entry.ScopeProperties.Should().Contain("CorrelationId", "log-1");
        entry.ScopeTexts.Should().Contain("CorrelationId:log-1", "text loggers print the scope");
    }

    [Fact]
    public async Task The_request_span_carries_the_id()
    {
        await using var host = await StartAsync();

        using var response = await SendAsync(host, "/api/span", "span-1");

        (await response.Content.ReadAsStringAsync()).Should().Be("span-1");
    }

    [Fact]
    public async Task Outgoing_calls_pass_the_id_on()
    {
        await using var host = await StartAsync();

        using var response = await SendAsync(host, "/api/call-downstream", "chain-1");

        (await response.Content.ReadAsStringAsync()).Should().Be("OK");
        _downstream.Requests.Should().ContainSingle().Which.Headers[CorrelationId.HeaderName].Should().Equal("chain-1");
    }

    [Fact]
    public async Task Outgoing_calls_keep_an_id_they_set_and_add_none_outside_a_request()
    {
        await using var host = await StartAsync();
        var client = host.Services.GetRequiredService<IHttpClientFactory>().CreateClient("downstream");
        using var withId = new HttpRequestMessage(HttpMethod.Get, "http://downstream.test/ping");
        withId.Headers.Add(CorrelationId.HeaderName, "own-id");

        using var first = await client.SendAsync(withId);
        using var second = await client.GetAsync(new Uri("http://downstream.test/ping"));

        _downstream.Requests.Should().HaveCount(2);
        _downstream.Requests.First().Headers[CorrelationId.HeaderName].Should().Equal("own-id");
        _downstream.Requests.Last().Headers.Should().NotContainKey(CorrelationId.HeaderName);
    }

    [Fact]
    public void New_ids_are_valid_and_distinct()
    {
        var ids = Enumerable.Range(0, 100).Select(_ => CorrelationId.CreateNew()).ToList();

        ids.Should().OnlyContain(id => CorrelationId.IsValid(id)).And.OnlyHaveUniqueItems();
        CorrelationId.IsValid(null).Should().BeFalse();
    }

    private static Task<HttpResponseMessage> SendAsync(TestServiceHost host, string path, string correlationId)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation(CorrelationId.HeaderName, correlationId);
        return host.Client.SendAsync(request);
    }
}
