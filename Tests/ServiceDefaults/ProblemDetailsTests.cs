using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using ServiceDefaults.Lakebase;
using ServiceDefaults.Problems;

namespace Tests.ServiceDefaults;

public sealed class ProblemDetailsTests
{
    private const string SecretMessage = "Host=db;Password=hunter2 SELECT * FROM secrets";

    private sealed record Order(int Quantity, string Name);

    private static void MapRoutes(WebApplication app)
    {
        app.MapPost("/api/orders", (Order order) => TypedResults.Ok(order));
        app.MapGet("/api/orders", (int limit) => limit);
        app.MapGet("/api/status/{status:int}", (int status) => TypedResults.StatusCode(status));
        app.MapGet("/api/conflict", async (HttpContext context, IProblemDetailsService problems) =>
        {
            context.Response.StatusCode = StatusCodes.Status409Conflict;
            await problems.WriteAsync(new ProblemDetailsContext { HttpContext = context });
        });
        app.MapPost("/api/manual-json", string () => throw new BadHttpRequestException("Unreadable body.", new JsonException("bad")));
        app.MapGet("/api/boom", string () => throw new InvalidOperationException(SecretMessage));
        app.MapGet("/api/database-down", string () =>
            throw new InvalidOperationException("wrapped", new NpgsqlException("connect failed", new SocketException((int)SocketError.ConnectionRefused))));
        app.MapGet("/api/lakebase-missing", string () => throw new LakebaseNotConfiguredException());
        app.MapGet("/api/rate-limited", () => ApiProblem.Create(
            StatusCodes.Status429TooManyRequests, ErrorCodes.RateLimited, "Slow down.", retryAfterSeconds: 7));
        app.MapGet("/api/invalid", () => ApiProblem.Create(
            StatusCodes.Status400BadRequest,
            "INVALID_PREFERENCE",
            "The preference is invalid.",
            title: "Invalid preference",
            errors: new Dictionary<string, string[]> { ["preference_key"] = ["must be 1-128 characters"] }));
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task Malformed_json_is_400_INVALID_REQUEST_with_the_position(string environment)
    {
        await using var host = await TestServiceHost.StartAsync(MapRoutes, environment: environment);

        using var response = await host.Client.PostAsync("/api/orders", JsonContent.Create("{\"quantity\": 1,"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.ReadProblemAsync();
        ShouldBeCompleteProblem(problem, 400, ErrorCodes.InvalidRequest, response);
        problem.GetProperty("title").GetString().Should().Be("Bad Request");
        problem.GetProperty("type").GetString().Should().Be("https://tools.ietf.org/html/rfc9110#section-15.5.1");
        problem.GetProperty("detail").GetString().Should().StartWith("The request body is not the JSON this endpoint expects").And.Contain("line 1");
        host.Logs.Entries.Should().NotContain(entry => entry.Level >= LogLevel.Warning, "a client's mistake is not the service's error");
    }

    [Fact]
    public async Task Json_of_the_wrong_shape_names_the_field_but_no_dotnet_type()
    {
        await using var host = await TestServiceHost.StartAsync(MapRoutes);

        using var response = await host.Client.PostAsync("/api/orders", JsonContent.Create("{\"quantity\": \"many\", \"name\": \"x\"}"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var body = await response.Content.ReadAsStringAsync();
        var problem = await response.ReadProblemAsync();
        ShouldBeCompleteProblem(problem, 400, ErrorCodes.InvalidRequest, response);
        problem.GetProperty("detail").GetString().Should().Contain("'$.quantity'");
        body.Should().NotContain("System.").And.NotContain("Order");
    }

    [Fact]
    public async Task Wrong_content_type_is_415_UNSUPPORTED_MEDIA_TYPE()
    {
        await using var host = await TestServiceHost.StartAsync(MapRoutes);

        using var response = await host.Client.PostAsync("/api/orders", JsonContent.Create("quantity=1", "text/plain"));

        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        ShouldBeCompleteProblem(await response.ReadProblemAsync(), 415, ErrorCodes.UnsupportedMediaType, response);
    }

    [Fact]
    public async Task Unknown_route_is_404_NOT_FOUND()
    {
        await using var host = await TestServiceHost.StartAsync(MapRoutes);

        using var response = await host.Client.GetAsync("/api/nothing-here");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        var problem = await response.ReadProblemAsync();
        ShouldBeCompleteProblem(problem, 404, ErrorCodes.NotFound, response);
        problem.GetProperty("title").GetString().Should().Be("Not Found");
    }

    [Theory]
    [InlineData(400, "INVALID_REQUEST", "The request is malformed.")]
    [InlineData(404, "NOT_FOUND", "Nothing exists at this path.")]
    [InlineData(409, "CONFLICT", "The request failed with status 409.")]
    [InlineData(500, "INTERNAL_ERROR", "An unexpected error occurred.")]
    [InlineData(503, "SERVICE_UNAVAILABLE", "The request failed with status 503.")]
    public async Task A_bare_status_from_a_handler_becomes_a_problem(int status, string errorCode, string detail)
    {
        await using var host = await TestServiceHost.StartAsync(MapRoutes);

        using var response = await host.Client.GetAsync($"/api/status/{status}");

        ((int)response.StatusCode).Should().Be(status);
        var problem = await response.ReadProblemAsync();
        ShouldBeCompleteProblem(problem, status, errorCode, response);
        problem.GetProperty("detail").GetString().Should().Be(detail);
    }

    [Fact]
    public async Task A_problem_written_without_a_status_takes_the_response_status()
    {
        await using var host = await TestServiceHost.StartAsync(MapRoutes);

        using var response = await host.Client.GetAsync("/api/conflict");

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        var problem = await response.ReadProblemAsync();
        ShouldBeCompleteProblem(problem, 409, "CONFLICT", response);
        problem.GetProperty("title").GetString().Should().Be("Conflict");
    }

    [Fact]
    public async Task A_parameter_that_does_not_bind_is_400_INVALID_REQUEST_naming_the_parameter()
    {
        await using var host = await TestServiceHost.StartAsync(MapRoutes);

        using var response = await host.Client.GetAsync("/api/orders?limit=lots");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.ReadProblemAsync();
        ShouldBeCompleteProblem(problem, 400, ErrorCodes.InvalidRequest, response);
        problem.GetProperty("detail").GetString().Should().Contain("limit").And.Contain("lots");
    }

    [Fact]
    public async Task Unreadable_json_without_a_position_is_still_described()
    {
        await using var host = await TestServiceHost.StartAsync(MapRoutes);

        using var response = await host.Client.PostAsync("/api/manual-json", JsonContent.Create("{}"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.ReadProblemAsync();
        ShouldBeCompleteProblem(problem, 400, ErrorCodes.InvalidRequest, response);
        problem.GetProperty("detail").GetString().Should().Be("The request body is not the JSON this endpoint expects.");
    }

    [Fact]
    public async Task Wrong_method_is_405_METHOD_NOT_ALLOWED()
    {
        await using var host = await TestServiceHost.StartAsync(MapRoutes);

        using var response = await host.Client.DeleteAsync("/api/orders");

        response.StatusCode.Should().Be(HttpStatusCode.MethodNotAllowed);
        ShouldBeCompleteProblem(await response.ReadProblemAsync(), 405, ErrorCodes.MethodNotAllowed, response);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task An_unexpected_exception_is_500_INTERNAL_ERROR_that_reveals_nothing_and_is_logged(string environment)
    {
        await using var host = await TestServiceHost.StartAsync(MapRoutes, environment: environment);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/boom");
        request.Headers.Add("X-Correlation-ID", "boom-1");

        using var response = await host.Client.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        var body = await response.Content.ReadAsStringAsync();
        var problem = await response.ReadProblemAsync();
        ShouldBeCompleteProblem(problem, 500, ErrorCodes.InternalError, response);
        problem.GetProperty("correlation_id").GetString().Should().Be("boom-1");
        body.Should().NotContain("hunter2").And.NotContain("SELECT").And.NotContain("InvalidOperationException").And.NotContain(" at ");

        var logged = host.Logs.Entries.Should().ContainSingle(entry => entry.Level == LogLevel.Error && entry.Exception is InvalidOperationException
            && entry.Category == "ServiceDefaults.Problems.ExceptionProblemResponder").Subject;
        logged.Properties["CorrelationId"].Should().Be("boom-1");
        logged.Message.Should().Contain("GET /api/boom");
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task Problems_are_json_even_when_the_client_asks_for_html(string environment)
    {
        await using var host = await TestServiceHost.StartAsync(MapRoutes, environment: environment);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/rate-limited");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var missing = new HttpRequestMessage(HttpMethod.Get, "/nothing");
        missing.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
        using var failing = new HttpRequestMessage(HttpMethod.Get, "/api/boom");
        failing.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));

        using var response = await host.Client.SendAsync(request);
        using var notFound = await host.Client.SendAsync(missing);
        using var failed = await host.Client.SendAsync(failing);

        ShouldBeCompleteProblem(await response.ReadProblemAsync(), 429, ErrorCodes.RateLimited, response);
        ShouldBeCompleteProblem(await notFound.ReadProblemAsync(), 404, ErrorCodes.NotFound, notFound);
        ShouldBeCompleteProblem(await failed.ReadProblemAsync(), 500, ErrorCodes.InternalError, failed);
        (await failed.Content.ReadAsStringAsync()).Should().NotContain("hunter2");
    }

    [Fact]
    public async Task Retry_after_goes_in_the_body_and_in_the_header()
    {
        await using var host = await TestServiceHost.StartAsync(MapRoutes);

        using var response = await host.Client.GetAsync("/api/rate-limited");

        response.StatusCode.Should().Be(HttpStatusCode.TooManyRequests);
        var problem = await response.ReadProblemAsync();
        ShouldBeCompleteProblem(problem, 429, ErrorCodes.RateLimited, response);
        problem.GetProperty("retry_after").GetInt32().Should().Be(7);
        problem.GetProperty("detail").GetString().Should().Be("Slow down.");
        response.RetryAfterSeconds().Should().Be(7);
    }

    [Fact]
    public async Task Validation_problems_carry_errors_by_field_and_the_given_title()
    {
        await using var host = await TestServiceHost.StartAsync(MapRoutes);

        using var response = await host.Client.GetAsync("/api/invalid");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await response.ReadProblemAsync();
        ShouldBeCompleteProblem(problem, 400, "INVALID_PREFERENCE", response);
        problem.GetProperty("title").GetString().Should().Be("Invalid preference");
        problem.GetProperty("errors").GetProperty("preference_key")[0].GetString().Should().Be("must be 1-128 characters");
        problem.TryGetProperty("retry_after", out _).Should().BeFalse();
        response.Headers.RetryAfter.Should().BeNull();
    }

    [Fact]
    public async Task An_unreachable_database_is_503_DATABASE_UNAVAILABLE_with_retry_after()
    {
        await using var host = await TestServiceHost.StartAsync(MapRoutes);

        using var response = await host.Client.GetAsync("/api/database-down");

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        var problem = await response.ReadProblemAsync();
        ShouldBeCompleteProblem(problem, 503, ErrorCodes.DatabaseUnavailable, response);
        problem.GetProperty("retry_after").GetInt32().Should().Be(DatabaseErrors.RetryAfterSeconds);
        response.RetryAfterSeconds().Should().Be(DatabaseErrors.RetryAfterSeconds);
        host.Logs.Entries.Should().Contain(entry => entry.Level == LogLevel.Warning && entry.Exception is InvalidOperationException);
    }

    [Fact]
    public async Task A_missing_lakebase_is_503_LAKEBASE_NOT_CONFIGURED_without_retry_after()
    {
        await using var host = await TestServiceHost.StartAsync(MapRoutes);

        using var response = await host.Client.GetAsync("/api/lakebase-missing");

        response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable);
        var problem = await response.ReadProblemAsync();
        ShouldBeCompleteProblem(problem, 503, ErrorCodes.LakebaseNotConfigured, response);
        problem.GetProperty("title").GetString().Should().Be("Lakebase is not configured");
        problem.TryGetProperty("retry_after", out _).Should().BeFalse();
        response.Headers.RetryAfter.Should().BeNull();
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task A_service_exception_handler_comes_before_the_defaults(string environment)
    {
        await using var host = await TestServiceHost.StartAsync(
            MapRoutes,
            builder => builder.Services.AddExceptionHandler<TeapotHandler>(),
            environment);

        using var response = await host.Client.GetAsync("/api/boom");

        response.StatusCode.Should().Be((HttpStatusCode)418);
        ShouldBeCompleteProblem(await response.ReadProblemAsync(), 418, "TEAPOT", response);
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task A_service_exception_handler_that_declines_leaves_the_defaults(string environment)
    {
        var declining = new DecliningHandler();
        await using var host = await TestServiceHost.StartAsync(
            MapRoutes,
            builder => builder.Services.AddSingleton<IExceptionHandler>(declining),
            environment);

        using var response = await host.Client.GetAsync("/api/boom");

        declining.Calls.Should().Be(1);
        response.StatusCode.Should().Be(HttpStatusCode.InternalServerError);
        ShouldBeCompleteProblem(await response.ReadProblemAsync(), 500, ErrorCodes.InternalError, response);
    }

    [Fact]
    public async Task A_body_over_the_endpoint_cap_is_413_PAYLOAD_TOO_LARGE()
    {
        await using var host = await TestServiceHost.StartAsync(
            app => app.MapPost("/api/small", (Order order) => TypedResults.Ok(order)).WithRequestBodyLimit(64),
            useKestrel: true);

        using var small = await host.Client.PostAsync("/api/small", JsonContent.Create("{\"quantity\":1,\"name\":\"x\"}"));
        using var large = await host.Client.PostAsync("/api/small", JsonContent.Create($"{{\"quantity\":1,\"name\":\"{new string('x', 200)}\"}}"));

        small.StatusCode.Should().Be(HttpStatusCode.OK);
        large.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        ShouldBeCompleteProblem(await large.ReadProblemAsync(), 413, ErrorCodes.PayloadTooLarge, large);
    }

    [Fact]
    public void Create_rejects_what_is_not_an_error()
    {
        FluentActions.Invoking(() => ApiProblem.Create(200, "OK", "fine")).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => ApiProblem.Create(600, "X", "x")).Should().Throw<ArgumentOutOfRangeException>();
        FluentActions.Invoking(() => ApiProblem.Create(400, " ", "x")).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => ApiProblem.Create(400, "X", "")).Should().Throw<ArgumentException>();
        FluentActions.Invoking(() => ApiProblem.Create(503, "X", "x", retryAfterSeconds: -1)).Should().Throw<ArgumentOutOfRangeException>();
    }

    [Fact]
    public void Create_returns_a_typed_result_with_the_status()
    {
        var result = ApiProblem.Create(StatusCodes.Status409Conflict, "PREFERENCE_QUOTA_EXCEEDED", "Too many preferences.");

        result.StatusCode.Should().Be(409);
        result.ContentType.Should().Be("application/problem+json");
        result.ProblemDetails.Extensions["error_code"].Should().Be("PREFERENCE_QUOTA_EXCEEDED");
        result.ProblemDetails.Title.Should().Be("Conflict");
    }

    [Theory]
    [InlineData(400, "INVALID_REQUEST")]
    [InlineData(401, "UNAUTHORIZED")]
    [InlineData(404, "NOT_FOUND")]
    [InlineData(405, "METHOD_NOT_ALLOWED")]
    [InlineData(408, "REQUEST_TIMEOUT")]
    [InlineData(409, "CONFLICT")]
    [InlineData(413, "PAYLOAD_TOO_LARGE")]
    [InlineData(415, "UNSUPPORTED_MEDIA_TYPE")]
    [InlineData(429, "RATE_LIMITED")]
    [InlineData(431, "REQUEST_HEADER_FIELDS_TOO_LARGE")]
    [InlineData(500, "INTERNAL_ERROR")]
    [InlineData(502, "BAD_GATEWAY")]
    [InlineData(503, "SERVICE_UNAVAILABLE")]
    [InlineData(420, "INVALID_REQUEST")]
    [InlineData(520, "INTERNAL_ERROR")]
    public void Every_status_has_an_error_code(int statusCode, string errorCode) =>
        ErrorCodes.ForStatus(statusCode).Should().Be(errorCode);

    /// <summary>The members api-contract.md §1.3 requires of every error, and the header that must echo the id.</summary>
    internal static void ShouldBeCompleteProblem(JsonElement problem, int status, string errorCode, HttpResponseMessage response)
    {
        problem.GetProperty("status").GetInt32().Should().Be(status);
        problem.GetProperty("error_code").GetString().Should().Be(errorCode);
        problem.GetProperty("detail").GetString().Should().NotBeNullOrWhiteSpace();
        problem.GetProperty("title").GetString().Should().NotBeNullOrWhiteSpace();
        var correlationId = problem.GetProperty("correlation_id").GetString();
        correlationId.Should().NotBeNullOrWhiteSpace();
        response.CorrelationIdHeader().Should().Be(correlationId);
        problem.GetProperty("trace_id").GetString().Should().MatchRegex("^[0-9a-f]{32}$");
        problem.EnumerateObject().Select(member => member.Name).Should().OnlyContain(name => name == name.ToLowerInvariant());
    }

    private sealed class DecliningHandler : IExceptionHandler
    {
        private int _calls;

        public int Calls => _calls;

        public ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return ValueTask.FromResult(false);
        }
    }

    private sealed class TeapotHandler : IExceptionHandler
    {
        public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
        {
            await ApiProblem.Create(418, "TEAPOT", "I am a teapot.").ExecuteAsync(httpContext);
            return true;
        }
    }
}
