using ServiceDefaults.Problems;

namespace UnitTests.ServiceDefaults;

public sealed class ErrorCodesTests
{
    [Theory]
    [InlineData(400, "INVALID_REQUEST")]
    [InlineData(404, "NOT_FOUND")]
    [InlineData(405, "METHOD_NOT_ALLOWED")]
    [InlineData(413, "PAYLOAD_TOO_LARGE")]
    [InlineData(415, "UNSUPPORTED_MEDIA_TYPE")]
    [InlineData(429, "RATE_LIMITED")]
    [InlineData(500, "INTERNAL_ERROR")]
    [InlineData(503, "SERVICE_UNAVAILABLE")]
    public void A_status_the_contract_names_gets_the_contracts_code(int status, string code) =>
        ErrorCodes.ForStatus(status).Should().Be(code);

    [Theory]
    [InlineData(401, "UNAUTHORIZED")]
    [InlineData(403, "FORBIDDEN")]
    [InlineData(409, "CONFLICT")]
    [InlineData(410, "GONE")]
    [InlineData(418, "I_M_A_TEAPOT")]
    [InlineData(502, "BAD_GATEWAY")]
    [InlineData(504, "GATEWAY_TIMEOUT")]
    [InlineData(505, "HTTP_VERSION_NOT_SUPPORTED")]
    [InlineData(499, "CLIENT_CLOSED_REQUEST")]
    public void Any_other_status_gets_its_reason_phrase_in_upper_snake_case(int status, string code) =>
        ErrorCodes.ForStatus(status).Should().Be(code);

    [Theory]
    [InlineData(450, "INVALID_REQUEST")]
    [InlineData(520, "INTERNAL_ERROR")]
    [InlineData(599, "INTERNAL_ERROR")]
    public void A_status_without_a_reason_phrase_is_an_invalid_request_or_an_internal_error(int status, string code) =>
        ErrorCodes.ForStatus(status).Should().Be(code);
}
