using Databricks.Client;

namespace UnitTests.DatabricksClient;

public sealed class DatabricksApiExceptionTests
{
    [Theory]
    [InlineData(null, DatabricksApiException.UnreachableCode, true)]
    [InlineData(null, DatabricksApiException.TimeoutCode, true)]
    [InlineData(null, DatabricksApiException.NotConfiguredCode, false)]
    [InlineData(500, "INTERNAL_ERROR", true)]
    [InlineData(503, "TEMPORARILY_UNAVAILABLE", true)]
    [InlineData(499, "CANCELLED", false)]
    [InlineData(429, "TOO_MANY_REQUESTS", false)]
    [InlineData(404, "NOT_FOUND", false)]
    public void No_answer_or_a_server_error_leaves_the_workspace_unavailable(int? status, string errorCode, bool unavailable) =>
        new DatabricksApiException(status, errorCode, "failed").IsWorkspaceUnavailable.Should().Be(unavailable);

    [Fact]
    public void Only_the_not_configured_code_means_not_configured()
    {
        new DatabricksApiException(null, DatabricksApiException.NotConfiguredCode, "x").IsNotConfigured.Should().BeTrue();
        new DatabricksApiException(503, "WORKSPACE_NOT_CONFIGURED_YET", "x").IsNotConfigured.Should().BeFalse();
    }

    [Fact]
    public void A_failure_keeps_what_the_workspace_said()
    {
        var inner = new HttpRequestException("reset");
        var exception = new DatabricksApiException(429, "REQUEST_LIMIT_EXCEEDED", "slow down", "req-1", TimeSpan.FromSeconds(4), inner) { ServerMessage = "slow" };

        exception.Should().BeEquivalentTo(new
        {
            StatusCode = 429,
            ErrorCode = "REQUEST_LIMIT_EXCEEDED",
            Message = "slow down",
            RequestId = "req-1",
            RetryAfter = TimeSpan.FromSeconds(4),
            ServerMessage = "slow",
            InnerException = inner,
        });
    }

    [Fact]
    public void The_plain_constructors_describe_an_unknown_failure_without_an_answer()
    {
        new DatabricksApiException().Should().BeEquivalentTo(new { StatusCode = (int?)null, ErrorCode = "UNKNOWN", Message = "The Databricks call failed." });
        new DatabricksApiException("boom").Should().BeEquivalentTo(new { StatusCode = (int?)null, ErrorCode = "UNKNOWN", Message = "boom" });
        var inner = new InvalidOperationException();
        new DatabricksApiException("boom", inner).Should().BeEquivalentTo(new { ErrorCode = "UNKNOWN", Message = "boom", InnerException = inner });
    }
}
