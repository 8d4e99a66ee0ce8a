using System.Net;
using Databricks.Client;

namespace Tests.DatabricksClient;

public sealed class ErrorShapeTests
{
    public static TheoryData<int, string?, string, string, string, string?> Shapes => new()
    {
        // status, body, media type, expected code, expected message fragment, expected request id
        { 404, """{"error_code":"RESOURCE_DOES_NOT_EXIST","message":"Endpoint with name 'churn' does not exist.","details":[{"@type":"type.googleapis.com/google.rpc.RequestInfo","request_id":"6f1c","serving_data":""}]}""", "application/json", "RESOURCE_DOES_NOT_EXIST", "Endpoint with name 'churn' does not exist.", "6f1c" },
        { 403, """{"error_code":403,"message":"Invalid access token."}""", "application/json", "PERMISSION_DENIED", "Invalid access token.", null },
        { 401, """{"error_code":401,"message":"Credential was not sent or was of an unsupported type for this API."}""", "application/json", "UNAUTHENTICATED", "Credential was not sent", null },
        { 400, """{"message":"no code here"}""", "application/json", "BAD_REQUEST", "no code here", null },
        { 400, """{"error":"API 1.2 style text"}""", "application/json", "BAD_REQUEST", "API 1.2 style text", null },
        { 404, """{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"detail":"User not found","status":"404","scimType":"invalidValue"}""", "application/scim+json", "SCIM_404", "invalidValue User not found", null },
        { 500, """{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"detail":"null","status":"500"}""", "application/json", "SCIM_500", "SCIM API Internal Error", null },
        { 409, """{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"detail":"exists"}""", "application/json", "SCIM_409", "exists", null },
        { 400, "INVALID_PARAMETER_VALUE: max_results must be non-negative", "text/plain", "INVALID_PARAMETER_VALUE", "max_results must be non-negative", null },
        { 403, "<html><head><title>Error 403</title></head><body><pre>Invalid access token.</pre></body></html>", "text/html", "FORBIDDEN", "Invalid access token.", null },
        { 502, "<html><head><title>Bad &amp; Gateway</title></head><body>oops</body></html>", "text/html", "BAD_GATEWAY", "Bad & Gateway", null },
        { 404, "", "text/plain", "NOT_FOUND", "Not Found", null },
        { 502, null, "text/plain", "UNKNOWN", "Bad Gateway", null },
        { 500, "something odd happened", "text/plain", "UNKNOWN", "something odd happened", null },
        { 500, """{"unexpected":true}""", "application/json", "UNKNOWN", """{"unexpected":true}""", null },
        { 500, "[1,2]", "application/json", "UNKNOWN", "[1,2]", null },
        { 500, "{not json", "application/json", "UNKNOWN", "{not json", null },
        { 500, "<html>no title</html>", "text/html", "UNKNOWN", "<html>no title</html>", null },
        { 409, """{"error_code":"ALREADY_EXISTS"}""", "application/json", "ALREADY_EXISTS", "ALREADY_EXISTS", null },
        { 400, """{"error_code":"INVALID_STATE","message":"m","details":"not-an-array"}""", "application/json", "INVALID_STATE", "m", null },
        { 400, """{"error_code":"INVALID_STATE","message":"m","details":[1,{"@type":"type.googleapis.com/google.rpc.ErrorInfo"}]}""", "application/json", "INVALID_STATE", "m", null },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task Every_known_error_shape_is_parsed(int status, string? body, string mediaType, string code, string message, string? requestId)
    {
        await using var host = await DatabricksTestHost.StartAsync(configureClient: options => options.MaxAttempts = 1);
        host.Handler.Respond((HttpStatusCode)status, body, mediaType);

        var act = () => host.Client.Scim.GetMeAsync(Tokens.Alice);

        var error = (await act.Should().ThrowAsync<DatabricksApiException>()).Which;
        error.StatusCode.Should().Be(status);
        error.ErrorCode.Should().Be(code);
        error.Message.Should().Contain(message).And.Contain("GET /api/2.0/preview/scim/v2/Me");
        error.RequestId.Should().Be(requestId);
        error.IsWorkspaceUnavailable.Should().Be(status >= 500);
    }

    [Fact]
    public async Task A_long_unparseable_body_is_truncated()
    {
        await using var host = await DatabricksTestHost.StartAsync();
        host.Handler.Respond(HttpStatusCode.BadRequest, new string('x', 5000), "text/plain");

        var act = () => host.Client.Scim.GetMeAsync(Tokens.Alice);

        (await act.Should().ThrowAsync<DatabricksApiException>()).Which.Message.Length.Should().BeLessThan(1200);
    }

    [Theory]
    [InlineData("X-Request-Id")]
    [InlineData("X-Databricks-Request-Id")]
    public async Task The_request_id_falls_back_to_response_headers(string header)
    {
        await using var host = await DatabricksTestHost.StartAsync();
        host.Handler.Respond(HttpStatusCode.Forbidden, """{"error_code":"PERMISSION_DENIED","message":"no"}""", configure: r => r.Headers.Add(header, "hdr-7"));

        var act = () => host.Client.Scim.GetMeAsync(Tokens.Alice);

        (await act.Should().ThrowAsync<DatabricksApiException>()).Which.RequestId.Should().Be("hdr-7");
    }

    [Fact]
    public async Task A_token_echoed_by_the_server_is_scrubbed_from_the_message_and_logs()
    {
        await using var host = await DatabricksTestHost.StartAsync();
        host.Handler.Respond(HttpStatusCode.Forbidden, $$"""{"error_code":"PERMISSION_DENIED","message":"Token {{Tokens.AliceValue}} is not valid"}""");

        var act = () => host.Client.Scim.GetMeAsync(Tokens.Alice);

        var error = (await act.Should().ThrowAsync<DatabricksApiException>()).Which;
        error.Message.Should().NotContain(Tokens.AliceValue).And.Contain("Token *** is not valid");
        error.ToString().Should().NotContain(Tokens.AliceValue);
        host.Logs.Entries.Should().NotBeEmpty().And.OnlyContain(m => !m.Message.Contains(Tokens.AliceValue, StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_token_echoed_across_the_message_length_limit_leaves_no_part_of_itself()
    {
        await using var host = await DatabricksTestHost.StartAsync();
        // Plain text, cut at 1,000 characters, with the token straddling the cut.
        var padding = new string('x', 1000 - (Tokens.AliceValue.Length / 2));
        host.Handler.Respond(HttpStatusCode.BadRequest, $"{padding}{Tokens.AliceValue} and more");

        var act = () => host.Client.Database.GetInstanceAsync(Tokens.Alice, "instance");

        var error = (await act.Should().ThrowAsync<DatabricksApiException>()).Which;
        error.Message.Should().NotContain(Tokens.AliceValue[..(Tokens.AliceValue.Length / 2)]);
    }

    [Fact]
    public async Task A_success_with_a_body_that_is_not_the_expected_json_is_an_invalid_response()
    {
        await using var host = await DatabricksTestHost.StartAsync();
        host.Handler.Respond(HttpStatusCode.OK, "<html>proxy login</html>", "text/html").Respond(HttpStatusCode.OK, "null");

        var notJson = () => host.Client.Scim.GetMeAsync(Tokens.Alice);
        var empty = () => host.Client.Scim.GetMeAsync(Tokens.Alice);

        (await notJson.Should().ThrowAsync<DatabricksApiException>()).Which.ErrorCode.Should().Be("INVALID_RESPONSE");
        (await empty.Should().ThrowAsync<DatabricksApiException>()).Which.ErrorCode.Should().Be("INVALID_RESPONSE");
    }

    [Fact]
    public void The_convenience_constructors_keep_the_contract()
    {
        new DatabricksApiException().ErrorCode.Should().Be("UNKNOWN");
        new DatabricksApiException("m").Message.Should().Be("m");
        var inner = new InvalidOperationException();
        var wrapped = new DatabricksApiException("m", inner);
        wrapped.InnerException.Should().BeSameAs(inner);
        wrapped.StatusCode.Should().BeNull();
        wrapped.IsWorkspaceUnavailable.Should().BeTrue();
    }
}
