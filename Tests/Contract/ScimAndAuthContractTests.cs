using System.Net.Http.Json;
using System.Text.Json;
using Databricks.Client;
using Tests.Support;
using Xunit.Abstractions;

namespace Tests.Contract;

/// <summary>SCIM Me and the mock's authentication answers, as the client surfaces them.</summary>
public sealed class ScimAndAuthContractTests(TopologyFixture topology, ITestOutputHelper output) : ContractTest(topology, output)
{
    private const string ServicePrincipalName = "6f1d2c3b-9a8e-4c7d-b5a4-3e2f1d0c9b8a";

    [Fact]
    public async Task Me_describes_a_person()
    {
        var me = await Client.Scim.GetMeAsync(Alice);

        me.UserName.Should().Be("alice@example.com");
        me.DisplayName.Should().Be("Alice Example");
        me.Id.Should().MatchRegex("^[0-9]+$");
        me.Active.Should().BeTrue();
        me.Emails.Should().ContainSingle().Which.Should().Be(new ScimEmail("alice@example.com", "work", true));
    }

    [Fact]
    public async Task Me_describes_the_service_principal_by_its_UUID_user_name_and_without_emails()
    {
        var me = await Client.Scim.GetMeAsync(ServicePrincipal);

        me.UserName.Should().Be(ServicePrincipalName);
        Guid.TryParse(me.UserName, out _).Should().BeTrue();
        me.Emails.Should().BeEmpty();
        me.Active.Should().BeTrue();
    }

    [Fact]
    public async Task Me_of_a_fresh_user_is_that_user()
    {
        var (userName, token) = await NewUserAsync();

        (await Client.Scim.GetMeAsync(token)).UserName.Should().Be(userName);
    }

    public static TheoryData<string> Calls => ["scim", "unity-catalog", "sql", "serving", "database"];

    [Theory]
    [MemberData(nameof(Calls))]
    public async Task An_unknown_token_is_a_403_with_the_mocks_message_and_the_integer_error_code_falls_back_to_the_status(string area)
    {
        const string secret = "dapi-contract-unknown-token-4711";
        var unknown = new DatabricksToken(secret);
        Func<Task> call = area switch
        {
            "scim" => () => Client.Scim.GetMeAsync(unknown),
            "unity-catalog" => () => Client.UnityCatalog.GetCatalogAsync(unknown, "main"),
            "sql" => () => Client.Statements.ExecuteAsync(unknown, Sql("SELECT 1")),
            "serving" => () => Client.ServingEndpoints.ListAsync(unknown),
            _ => () => Client.Database.GetInstanceAsync(unknown, "mock-lakebase"),
        };

        var error = (await call.Should().ThrowAsync<DatabricksApiException>()).Which;

        error.StatusCode.Should().Be(403);
        // The body is {"error_code":403,"message":"Invalid access token."}: a number is no code, so the status decides.
        error.ErrorCode.Should().Be("PERMISSION_DENIED");
        error.Message.Should().EndWith("Invalid access token.");
        error.Message.Should().NotContain(secret);
        error.RetryAfter.Should().BeNull();
        error.IsWorkspaceUnavailable.Should().BeFalse();
    }

    [Fact]
    public async Task The_journal_records_a_refused_request_with_a_null_user_name()
    {
        var sent = DateTimeOffset.UtcNow;
        var call = () => Client.Scim.GetMeAsync(new DatabricksToken("dapi-contract-journal-probe"));
        await call.Should().ThrowAsync<DatabricksApiException>();

        // Other tests run beside this one: the refused request is one of the SCIM entries since it was sent.
        using var client = Workspace.Anonymous();
        var recent = (await client.GetFromJsonAsync<JsonElement>("/__mock/requests?area=scim&limit=20000")).EnumerateArray()
            .TakeWhile(e => e.GetProperty("at").GetDateTimeOffset() >= sent.AddSeconds(-1));
        recent.Should().Contain(e => e.GetProperty("path").GetString() == "/api/2.0/preview/scim/v2/Me"
            && e.GetProperty("status").GetInt32() == 403
            && e.GetProperty("user_name").ValueKind == JsonValueKind.Null, "the journal's shape is {method, path, status, user_name, at}");
    }
}
