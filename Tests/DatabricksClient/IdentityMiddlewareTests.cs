using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Databricks.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Tests.DatabricksClient;

public sealed class IdentityMiddlewareTests
{
    private const string AliceMe = """{"id":"1","userName":"alice@example.com","displayName":"Alice"}""";

    private static Task<DatabricksTestHost> StartAsync(IDictionary<string, string?>? configuration = null) =>
        DatabricksTestHost.StartAsync(configuration, configureApp: app =>
        {
            app.UseDatabricksIdentity();
            app.MapGet("/health", () => "healthy");
            app.MapGet("/alive", () => "alive");
            app.MapGet("/openapi/v1.json", () => "{}");
            app.MapGet("/whoami", (CurrentUser user, HttpContext context, ICurrentUserAccessor accessor) => new
            {
                user_id = user.UserId,
                display_name = user.DisplayName,
                same_token = ReferenceEquals(user.Token, context.GetCurrentUser().Token) && ReferenceEquals(user, accessor.CurrentUser),
            });
            app.MapGet("/token-probe", async (CurrentUser user, Databricks.Client.DatabricksClient databricks) =>
                (await databricks.Scim.GetMeAsync(user.Token)).UserName);
        });

    private static HttpRequestMessage Get(string path, string? forwarded = null, string? authorization = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (forwarded is not null)
        {
            request.Headers.Add("X-Forwarded-Access-Token", forwarded);
        }

        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return request;
    }

    [Theory]
    [InlineData("/health")]
    [InlineData("/alive")]
    [InlineData("/openapi/v1.json")]
    public async Task Public_routes_need_no_token(string path)
    {
        await using var host = await StartAsync();
        using var client = host.CreateTestClient();

        var response = await client.GetAsync(new Uri(path, UriKind.Relative));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        host.Handler.Requests.Should().BeEmpty();
    }

    [Fact]
    public async Task The_forwarded_token_wins_over_authorization_and_the_user_reaches_the_handler()
    {
        await using var host = await StartAsync();
        host.Handler.Json(AliceMe);
        using var client = host.CreateTestClient();

        var response = await client.SendAsync(Get("/whoami", forwarded: "forwarded-token", authorization: "Bearer other-token"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        body.GetProperty("user_id").GetString().Should().Be("alice@example.com");
        body.GetProperty("display_name").GetString().Should().Be("Alice");
        body.GetProperty("same_token").GetBoolean().Should().BeTrue();
        host.Handler.Single.Authorization.Should().Be("Bearer forwarded-token");
    }

    [Theory]
    [InlineData("Bearer  auth-token ")]
    [InlineData("bearer auth-token")]
    public async Task A_bearer_authorization_header_is_accepted(string authorization)
    {
        await using var host = await StartAsync();
        host.Handler.Json(AliceMe);
        using var client = host.CreateTestClient();

        var response = await client.SendAsync(Get("/whoami", forwarded: " ", authorization: authorization));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        host.Handler.Single.Authorization.Should().Be("Bearer auth-token");
    }

    [Fact]
    public async Task A_service_principal_uuid_is_a_valid_user_id()
    {
        await using var host = await StartAsync();
        host.Handler.Json("""{"userName":"6f1d2c3b-9a8e-4c7d-b5a4-3e2f1d0c9b8a"}""");
        using var client = host.CreateTestClient();

        var body = await (await client.SendAsync(Get("/whoami", forwarded: "mock-token-sp"))).Content.ReadFromJsonAsync<JsonElement>();

        body.GetProperty("user_id").GetString().Should().Be("6f1d2c3b-9a8e-4c7d-b5a4-3e2f1d0c9b8a");
    }

    [Fact]
    public async Task Identities_are_cached_by_token_hash_and_the_downstream_call_uses_the_callers_token()
    {
        await using var host = await StartAsync();
        host.Handler.Json(AliceMe).Json("""{"userName":"bob@example.com"}""").Json("""{"userName":"bob@example.com"}""");
        using var client = host.CreateTestClient();

        (await client.SendAsync(Get("/whoami", forwarded: "token-a"))).EnsureSuccessStatusCode();
        (await client.SendAsync(Get("/whoami", forwarded: "token-a"))).EnsureSuccessStatusCode();
        (await client.SendAsync(Get("/whoami", forwarded: "token-b"))).EnsureSuccessStatusCode();
        var probe = await client.SendAsync(Get("/token-probe", forwarded: "token-b"));

        (await probe.Content.ReadAsStringAsync()).Should().Be("bob@example.com");
        host.Handler.Requests.Select(r => r.Authorization).Should().Equal("Bearer token-a", "Bearer token-b", "Bearer token-b");
        var resolver = host.App.Services.GetRequiredService<IdentityResolver>();
        resolver.IsCached(IdentityResolver.CacheKey(new DatabricksToken("token-a"))).Should().BeTrue();
        IdentityResolver.CacheKey(new DatabricksToken("token-a")).Should().MatchRegex("^[0-9A-F]{64}$").And.NotContain("token-a");
    }

    [Fact]
    public async Task A_zero_cache_duration_resolves_every_request()
    {
        await using var host = await StartAsync(new Dictionary<string, string?>
        {
            ["DATABRICKS_HOST"] = DatabricksTestHost.Host,
            ["Databricks:Identity:CacheDuration"] = "00:00:00",
        });
        host.Handler.Json(AliceMe).Json(AliceMe);
        using var client = host.CreateTestClient();

        (await client.SendAsync(Get("/whoami", forwarded: "token-a"))).EnsureSuccessStatusCode();
        (await client.SendAsync(Get("/whoami", forwarded: "token-a"))).EnsureSuccessStatusCode();

        host.Handler.Requests.Should().HaveCount(2);
    }

    [Theory]
    [InlineData(null, null)]
    [InlineData("", null)]
    [InlineData(null, "Bearer ")]
    [InlineData(null, "Basic dXNlcjpwYXNz")]
    public async Task No_or_an_empty_token_is_auth_missing(string? forwarded, string? authorization)
    {
        await using var host = await StartAsync();
        using var client = host.CreateTestClient();

        var response = await client.SendAsync(Get("/whoami", forwarded, authorization));

        var problem = await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "AUTH_MISSING");
        problem.TryGetProperty("retry_after", out _).Should().BeFalse();
        host.Handler.Requests.Should().BeEmpty();
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, """{"error_code":401,"message":"Credential was not sent or was of an unsupported type for this API."}""")]
    [InlineData(HttpStatusCode.Forbidden, """{"error_code":403,"message":"Invalid access token."}""")]
    [InlineData(HttpStatusCode.Forbidden, "<html><body><pre>Invalid access token.</pre></body></html>")]
    public async Task A_rejected_token_is_auth_invalid_and_never_logged(HttpStatusCode status, string body)
    {
        await using var host = await StartAsync();
        host.Handler.Respond(status, body);
        using var client = host.CreateTestClient();

        var response = await client.SendAsync(Get("/whoami", forwarded: Tokens.AliceValue));

        await AssertProblemAsync(response, HttpStatusCode.Unauthorized, "AUTH_INVALID");
        host.Logs.Entries.Should().Contain(m => m.Message.Contains("AUTH_INVALID", StringComparison.Ordinal));
        host.Logs.Entries.Should().OnlyContain(m => !m.Message.Contains(Tokens.AliceValue, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_rate_limited_identity_call_is_429_with_retry_after()
    {
        await using var host = await StartAsync();
        host.Handler.RetryAfter(HttpStatusCode.TooManyRequests, "45", """{"error_code":"REQUEST_LIMIT_EXCEEDED","message":"slow"}""");
        using var client = host.CreateTestClient();

        var response = await client.SendAsync(Get("/whoami", forwarded: "t"));

        var problem = await AssertProblemAsync(response, (HttpStatusCode)429, "RATE_LIMITED");
        problem.GetProperty("retry_after").GetInt32().Should().Be(45);
        response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(45));
    }

    [Theory]
    [InlineData(HttpStatusCode.ServiceUnavailable, "40", 40)]
    [InlineData(HttpStatusCode.InternalServerError, null, 5)]
    [InlineData(HttpStatusCode.NotFound, null, 5)]
    public async Task A_failing_workspace_is_503_unavailable_with_retry_after(HttpStatusCode status, string? retryAfter, int expected)
    {
        await using var host = await StartAsync();
        host.Handler.RetryAfter(status, retryAfter);
        using var client = host.CreateTestClient();

        var response = await client.SendAsync(Get("/whoami", forwarded: "t"));

        var problem = await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, "WORKSPACE_UNAVAILABLE");
        problem.GetProperty("retry_after").GetInt32().Should().Be(expected);
        response.Headers.RetryAfter!.Delta.Should().Be(TimeSpan.FromSeconds(expected));
    }

    [Fact]
    public async Task An_unreachable_workspace_is_503_unavailable()
    {
        await using var host = await StartAsync();
        var lost = new HttpRequestException(HttpRequestError.ResponseEnded, "gone");
        host.Handler.Throw(lost).Throw(lost).Throw(lost).Throw(lost);
        using var client = host.CreateTestClient();

        var response = await client.SendAsync(Get("/whoami", forwarded: "t"));

        await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, "WORKSPACE_UNAVAILABLE");
    }

    [Fact]
    public async Task A_scim_answer_without_user_name_is_503_unavailable()
    {
        await using var host = await StartAsync();
        host.Handler.Json("""{"id":"1"}""");
        using var client = host.CreateTestClient();

        var response = await client.SendAsync(Get("/whoami", forwarded: "t"));

        await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, "WORKSPACE_UNAVAILABLE");
    }

    [Fact]
    public async Task No_workspace_is_503_not_configured_without_retry_after()
    {
        await using var host = await StartAsync(new Dictionary<string, string?> { ["DATABRICKS_HOST"] = " " });
        using var client = host.CreateTestClient();

        var response = await client.SendAsync(Get("/whoami", forwarded: "t"));

        var problem = await AssertProblemAsync(response, HttpStatusCode.ServiceUnavailable, "WORKSPACE_NOT_CONFIGURED");
        problem.TryGetProperty("retry_after", out _).Should().BeFalse();
        response.Headers.RetryAfter.Should().BeNull();
    }

    [Theory]
    [InlineData("abc-123_x.y", "abc-123_x.y")]
    [InlineData("bad id!", null)]
    public async Task The_problem_carries_the_callers_valid_correlation_id_or_a_fresh_one(string sent, string? expected)
    {
        await using var host = await StartAsync();
        using var client = host.CreateTestClient();
        var request = Get("/whoami");
        request.Headers.Add("X-Correlation-ID", sent);

        var problem = await AssertProblemAsync(await client.SendAsync(request), HttpStatusCode.Unauthorized, "AUTH_MISSING");

        var correlationId = problem.GetProperty("correlation_id").GetString();
        if (expected is null)
        {
            correlationId.Should().NotBe(sent).And.NotBeNullOrEmpty();
        }
        else
        {
            correlationId.Should().Be(expected);
        }
    }

    [Fact]
    public void Without_the_middleware_there_is_no_current_user()
    {
        var context = new DefaultHttpContext();

        context.FindCurrentUser().Should().BeNull();
        var act = () => context.GetCurrentUser();
        act.Should().Throw<InvalidOperationException>();
    }

    private static async Task<JsonElement> AssertProblemAsync(HttpResponseMessage response, HttpStatusCode status, string errorCode)
    {
        response.StatusCode.Should().Be(status);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        problem.GetProperty("status").GetInt32().Should().Be((int)status);
        problem.GetProperty("error_code").GetString().Should().Be(errorCode);
        problem.GetProperty("detail").GetString().Should().NotBeNullOrWhiteSpace();
        problem.GetProperty("correlation_id").GetString().Should().NotBeNullOrWhiteSpace();
        return problem;
    }
}
