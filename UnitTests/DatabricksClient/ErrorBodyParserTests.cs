using System.Net;
using Databricks.Client;

namespace UnitTests.DatabricksClient;

/// <summary>Every error shape the workspace sends, read as a code, a message and a request id (facts §1.1).</summary>
public sealed class ErrorBodyParserTests
{
    [Fact]
    public void The_standard_shape_gives_its_code_message_and_request_id()
    {
        var parsed = Parse(HttpStatusCode.NotFound, """
            {"error_code":"RESOURCE_DOES_NOT_EXIST","message":"Table 'x' does not exist.","details":[
              {"@type":"type.googleapis.com/google.rpc.ErrorInfo","reason":"X","request_id":"not-this"},
              "text",
              {"@type":"type.googleapis.com/google.rpc.RequestInfo","request_id":"req-42","serving_data":""}]}
            """);

        parsed.Should().Be(new ParsedError("RESOURCE_DOES_NOT_EXIST", "Table 'x' does not exist.", "req-42"));
    }

    [Theory]
    [InlineData("""{"error_code":"X","message":"m"}""")]
    [InlineData("""{"error_code":"X","message":"m","details":{"@type":"google.rpc.RequestInfo","request_id":"r"}}""")]
    [InlineData("""{"error_code":"X","message":"m","details":[{"@type":"google.rpc.RequestInfoX","request_id":"r"}]}""")]
    [InlineData("""{"error_code":"X","message":"m","details":[{"request_id":"r"}]}""")]
    public void Without_request_info_in_the_details_there_is_no_request_id(string body) =>
        Parse(HttpStatusCode.BadRequest, body).Should().Be(new ParsedError("X", "m", null));

    [Fact]
    public void A_code_without_a_message_is_its_own_message() =>
        Parse(HttpStatusCode.Conflict, """{"error_code":"RESOURCE_ALREADY_EXISTS"}""").Should().Be(new ParsedError("RESOURCE_ALREADY_EXISTS", "RESOURCE_ALREADY_EXISTS", null));

    [Fact]
    public void A_message_without_a_code_gets_the_code_of_its_status() =>
        Parse(HttpStatusCode.Forbidden, """{"message":"no"}""").Should().Be(new ParsedError("PERMISSION_DENIED", "no", null));

    [Fact]
    public void An_integer_code_counts_as_no_code() =>
        Parse(HttpStatusCode.Forbidden, """{"error_code":403,"message":"Invalid access token."}""").Should().Be(new ParsedError("PERMISSION_DENIED", "Invalid access token.", null));

    [Fact]
    public void The_API_1_2_error_shape_gives_its_message() =>
        Parse(HttpStatusCode.BadRequest, """{"error":"Cluster not found"}""").Should().Be(new ParsedError("BAD_REQUEST", "Cluster not found", null));

    [Fact]
    public void A_message_wins_over_an_error() =>
        Parse(HttpStatusCode.BadRequest, """{"error":"e","message":"m"}""").Message.Should().Be("m");

    [Theory]
    [InlineData("""{"status":"bad"}""")]
    [InlineData("""{"error_code":1,"message":2}""")]
    [InlineData("{}")]
    public void A_JSON_object_without_code_or_message_is_unknown_with_its_text(string body) =>
        Parse(HttpStatusCode.BadRequest, body).Should().Be(new ParsedError("UNKNOWN", body, null));

    [Fact]
    public void A_SCIM_error_gives_its_status_type_and_detail() =>
        Parse(HttpStatusCode.BadRequest, """{"schemas":["urn:ietf:params:scim:api:messages:2.0:Error"],"detail":"Bad filter","status":"400","scimType":"invalidFilter"}""")
            .Should().Be(new ParsedError("SCIM_400", "invalidFilter Bad filter", null));

    [Fact]
    public void A_SCIM_error_names_its_own_status_over_the_HTTP_status() =>
        Parse(HttpStatusCode.InternalServerError, """{"schemas":[],"detail":"User already exists","status":"409"}""")
            .Should().Be(new ParsedError("SCIM_409", "User already exists", null));

    [Theory]
    [InlineData("""{"schemas":[],"detail":"User not found"}""")]
    [InlineData("""{"schemas":[],"detail":"User not found","status":404}""")]
    [InlineData("""{"schemas":[],"detail":"User not found","scimType":""}""")]
    public void A_SCIM_error_without_its_own_status_or_type_uses_the_HTTP_status_and_the_detail(string body) =>
        Parse(HttpStatusCode.NotFound, body).Should().Be(new ParsedError("SCIM_404", "User not found", null));

    [Theory]
    [InlineData("""{"schemas":[],"detail":null,"status":"500"}""")]
    [InlineData("""{"schemas":[],"detail":"null","status":"500"}""")]
    public void A_SCIM_error_without_a_detail_says_so(string body) =>
        Parse(HttpStatusCode.InternalServerError, body).Should().Be(new ParsedError("SCIM_500", "SCIM API Internal Error", null));

    [Fact]
    public void A_schemas_member_alone_is_no_SCIM_error() =>
        Parse(HttpStatusCode.BadRequest, """{"schemas":[],"message":"m"}""").Should().Be(new ParsedError("BAD_REQUEST", "m", null));

    [Fact]
    public void An_HTML_page_gives_its_preformatted_text_under_the_reason_phrase() =>
        Parse(HttpStatusCode.BadGateway, "<html><head><title>502</title></head><body><PRE class=\"x\">\n upstream &amp; gone \n</PRE></body></html>", "Bad Gateway")
            .Should().Be(new ParsedError("BAD_GATEWAY", "upstream & gone", null));

    [Fact]
    public void An_HTML_page_without_preformatted_text_gives_its_title() =>
        Parse(HttpStatusCode.ServiceUnavailable, "<html><head><Title lang=\"en\">Service\nUnavailable</Title></head></html>", "Service Unavailable")
            .Should().Be(new ParsedError("SERVICE_UNAVAILABLE", "Service\nUnavailable", null));

    [Fact]
    public void An_HTML_page_without_a_reason_phrase_is_named_by_its_status() =>
        Parse(HttpStatusCode.BadGateway, "<html><title>oops</title></html>").Should().Be(new ParsedError("BADGATEWAY", "oops", null));

    [Fact]
    public void The_first_preformatted_block_is_taken() =>
        Parse(HttpStatusCode.BadGateway, "<pre>one</pre><pre>two</pre>", "Bad Gateway").Message.Should().Be("one");

    [Fact]
    public void Markup_without_pre_or_title_is_unknown_with_its_text() =>
        Parse(HttpStatusCode.BadGateway, "<html><body>gone</body></html>", "Bad Gateway").Should().Be(new ParsedError("UNKNOWN", "<html><body>gone</body></html>", null));

    [Theory]
    [InlineData("RESOURCE_EXHAUSTED: too many requests", "RESOURCE_EXHAUSTED", "too many requests")]
    [InlineData("IO_ERROR:disk\nfull ", "IO_ERROR", "disk\nfull")]
    [InlineData("E2: x", "E2", "x")]
    public void Code_colon_message_text_gives_both(string body, string code, string message) =>
        Parse(HttpStatusCode.TooManyRequests, body).Should().Be(new ParsedError(code, message, null));

    [Theory]
    [InlineData("resource_exhausted: too many")]
    [InlineData("E: x")]
    [InlineData("2E: x")]
    [InlineData("Something went wrong")]
    [InlineData("{not json")]
    [InlineData("[1,2]")]
    [InlineData("say RESOURCE_EXHAUSTED: no")]
    public void Any_other_text_is_unknown_with_the_text(string body) =>
        Parse(HttpStatusCode.BadRequest, body).Should().Be(new ParsedError("UNKNOWN", body, null));

    [Fact]
    public void Unknown_text_is_kept_up_to_1000_characters()
    {
        Parse(HttpStatusCode.BadRequest, new string('x', 1000)).Message.Should().HaveLength(1000);
        Parse(HttpStatusCode.BadRequest, new string('x', 1001)).Message.Should().Be(new string('x', 1000));
        Parse(HttpStatusCode.BadRequest, "{\"s\":\"" + new string('x', 2000) + "\"}").Message.Should().HaveLength(1000);
    }

    [Fact]
    public void Surrounding_whitespace_is_ignored() =>
        Parse(HttpStatusCode.BadRequest, "  \n {\"error_code\":\"X\",\"message\":\"m\"}\n ").Should().Be(new ParsedError("X", "m", null));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  \n")]
    public void An_empty_body_gives_the_code_of_the_status_and_the_reason_phrase(string? body)
    {
        Parse(HttpStatusCode.ServiceUnavailable, body, "Service Unavailable").Should().Be(new ParsedError("TEMPORARILY_UNAVAILABLE", "Service Unavailable", null));
        Parse(HttpStatusCode.NotFound, body, " ").Should().Be(new ParsedError("NOT_FOUND", "NotFound", null));
        Parse(HttpStatusCode.NotFound, body, null).Should().Be(new ParsedError("NOT_FOUND", "NotFound", null));
    }

    [Theory]
    [InlineData(400, "BAD_REQUEST")]
    [InlineData(401, "UNAUTHENTICATED")]
    [InlineData(403, "PERMISSION_DENIED")]
    [InlineData(404, "NOT_FOUND")]
    [InlineData(409, "RESOURCE_CONFLICT")]
    [InlineData(429, "TOO_MANY_REQUESTS")]
    [InlineData(499, "CANCELLED")]
    [InlineData(500, "INTERNAL_ERROR")]
    [InlineData(501, "NOT_IMPLEMENTED")]
    [InlineData(503, "TEMPORARILY_UNAVAILABLE")]
    [InlineData(504, "DEADLINE_EXCEEDED")]
    [InlineData(418, "UNKNOWN")]
    [InlineData(502, "UNKNOWN")]
    public void Each_status_has_its_canonical_code(int status, string code) =>
        CanonicalErrorCodes.ForStatus(status).Should().Be(code);

    private static ParsedError Parse(HttpStatusCode status, string? body, string? reasonPhrase = null) =>
        ErrorBodyParser.Parse(status, reasonPhrase, body);
}
