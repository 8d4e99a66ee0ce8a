using System.Net;
using Databricks.Client;
using Tests.Support;
using Xunit.Abstractions;

namespace Tests.Contract;

/// <summary>
/// Every error body shape of facts §1.1 (the standard one and the legacy ones), sent by the mock's injected faults and
/// read by the real client. Each fault has one target and a count of one, on a status the client does not retry, and is
/// removed afterwards; each case has its own user, so the journal shows that exactly one request was answered.
/// </summary>
public sealed class ErrorShapeContractTests(TopologyFixture topology, ITestOutputHelper output) : ContractTest(topology, output)
{
    private const string Endpoint = "churn-classifier";
    private const string EndpointPath = "/api/2.0/serving-endpoints/" + Endpoint;

    public static TheoryData<string, int, string, string, bool> Shapes => new()
    {
        // body, status, the error code the client reports, the server message it reports ({0} is the fault's id),
        // whether the body carries a request id (only the standard one does, in its RequestInfo detail)
        { "standard", 404, "NOT_FOUND", "Injected fault {0}.", true },
        { "integer-code", 403, "PERMISSION_DENIED", "Injected fault {0}.", false },
        { "error-field", 400, "BAD_REQUEST", "Injected fault {0}.", false },
        { "scim", 400, "SCIM_400", "invalidValue Injected fault {0}.", false },
        { "scim", 404, "SCIM_404", "Injected fault {0}.", false },
        { "text", 400, "BAD_REQUEST", "Injected fault {0}.", false },
        { "html", 403, "FORBIDDEN", "Injected fault {0}.", false },
        { "empty", 404, "NOT_FOUND", "Not Found", false },
    };

    [Theory]
    [MemberData(nameof(Shapes))]
    public async Task The_client_reads_every_error_shape_the_workspace_sends(string body, int status, string code, string message, bool hasRequestId)
    {
        var (user, token) = await NewUserAsync();

        var error = await FailWithFaultAsync(new { principal = user, area = "serving", target = Endpoint, status, count = 1, body },
            () => Client.ServingEndpoints.GetAsync(token, Endpoint));

        error.Exception.StatusCode.Should().Be(status);
        error.Exception.ErrorCode.Should().Be(code);
        error.Exception.Message.Should().Be($"Databricks GET {EndpointPath} failed with {status} {code}: {string.Format(System.Globalization.CultureInfo.InvariantCulture, message, error.FaultId)}");
        // The mock sends no request id header: a request id can only come from the body.
        if (hasRequestId)
        {
            error.Exception.RequestId.Should().NotBeNullOrWhiteSpace();
        }
        else
        {
            error.Exception.RequestId.Should().BeNull();
        }

        (await JournalAsync("serving", user)).Should().Equal(new JournalEntry("GET", EndpointPath, status));
    }

    [Fact]
    public async Task A_fault_without_a_body_answers_the_standard_shape()
    {
        var (user, token) = await NewUserAsync();

        var error = await FailWithFaultAsync(new { principal = user, area = "serving", target = Endpoint, status = 404, count = 1 },
            () => Client.ServingEndpoints.GetAsync(token, Endpoint));

        (error.Exception.StatusCode, error.Exception.ErrorCode).Should().Be((404, "NOT_FOUND"));
        error.Exception.RequestId.Should().NotBeNullOrWhiteSpace();
    }

    /// <summary>Runs <paramref name="call"/> with the fault in place, expecting it to fail; removes the fault afterwards.</summary>
    private async Task<(DatabricksApiException Exception, string FaultId)> FailWithFaultAsync(object fault, Func<Task> call)
    {
        var id = await Workspace.AddFaultAsync(fault);
        try
        {
            var exception = (await call.Should().ThrowAsync<DatabricksApiException>()).Which;
            return (exception, id);
        }
        finally
        {
            using var client = Workspace.Anonymous();
            using var deleted = await client.DeleteAsync(new Uri($"/__mock/faults/{id}", UriKind.Relative));
            // 404 once the fault's count is used up: the mock drops it by itself.
            deleted.StatusCode.Should().BeOneOf(HttpStatusCode.NoContent, HttpStatusCode.NotFound);
        }
    }
}
