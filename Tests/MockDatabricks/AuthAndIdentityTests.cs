using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Tests.Support;
using Xunit.Abstractions;

namespace Tests.MockDatabricks;

public sealed class AuthAndIdentityTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    private const string ServicePrincipal = "6f1d2c3b-9a8e-4c7d-b5a4-3e2f1d0c9b8a";
    private readonly MockWorkspace _workspace = new(topology);

    [Theory]
    [InlineData("/api/2.0/preview/scim/v2/Me")]
    [InlineData("/api/2.1/unity-catalog/catalogs")]
    [InlineData("/api/2.0/sql/warehouses")]
    [InlineData("/api/2.0/serving-endpoints")]
    public async Task No_credential_is_401_and_an_unknown_token_is_403_with_the_legacy_body(string path)
    {
        using var anonymous = _workspace.Anonymous();
        using var missing = await anonymous.GetAsync(new Uri(path, UriKind.Relative));
        missing.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await missing.Content.ReadAsStringAsync()).Should().Be(
            """{"error_code":401,"message":"Credential was not sent or was of an unsupported type for this API."}""");

        using var unknown = _workspace.As("dapi-not-a-real-token");
        using var refused = await unknown.GetAsync(new Uri(path, UriKind.Relative));
        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await refused.Content.ReadAsStringAsync()).Should().Be("""{"error_code":403,"message":"Invalid access token."}""");
    }

    [Fact]
    public async Task A_basic_credential_is_not_a_bearer_token()
    {
        using var client = _workspace.Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "YTpi");
        (await client.GetAsync(new Uri("/api/2.0/preview/scim/v2/Me", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Scim_Me_describes_the_caller_in_camelCase()
    {
        using var alice = _workspace.As("mock-token-alice");
        var me = await alice.GetFromJsonAsync<JsonElement>("/api/2.0/preview/scim/v2/Me");

        me.GetProperty("userName").GetString().Should().Be("alice@example.com");
        me.GetProperty("displayName").GetString().Should().Be("Alice Example");
        me.GetProperty("id").GetString().Should().MatchRegex("^[0-9]+$");
        me.GetProperty("name").GetProperty("givenName").GetString().Should().Be("Alice");
        me.GetProperty("emails")[0].GetProperty("value").GetString().Should().Be("alice@example.com");
        me.GetProperty("emails")[0].GetProperty("primary").GetBoolean().Should().BeTrue();
        me.GetProperty("active").GetBoolean().Should().BeTrue();
        me.GetProperty("schemas").EnumerateArray().Select(s => s.GetString()).Should().Contain("urn:ietf:params:scim:schemas:core:2.0:User");

        using var admin = _workspace.As("mock-token-admin");
        var adminMe = await admin.GetFromJsonAsync<JsonElement>("/api/2.0/preview/scim/v2/Me");
        adminMe.GetProperty("groups")[0].GetProperty("display").GetString().Should().Be("admins");
    }

    [Fact]
    public async Task The_service_principal_is_known_by_its_application_id()
    {
        using var sp = _workspace.As("mock-token-sp");
        var me = await sp.GetFromJsonAsync<JsonElement>("/api/2.0/preview/scim/v2/Me");

        me.GetProperty("userName").GetString().Should().Be(ServicePrincipal);
        Guid.TryParse(me.GetProperty("userName").GetString(), out _).Should().BeTrue();
        me.GetProperty("emails").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task OIDC_metadata_names_the_token_endpoint()
    {
        using var client = _workspace.Anonymous();
        var metadata = await client.GetFromJsonAsync<JsonElement>("/oidc/.well-known/oauth-authorization-server");

        metadata.GetProperty("token_endpoint").GetString().Should().EndWith("/oidc/v1/token");
        metadata.GetProperty("authorization_endpoint").GetString().Should().EndWith("/oidc/v1/authorize");
        (await client.GetAsync(new Uri("/.well-known/databricks-config", UriKind.Relative))).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Client_credentials_give_an_access_token_that_acts_as_the_service_principal()
    {
        using var client = _workspace.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oidc/v1/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["scope"] = "all-apis" }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ServicePrincipal}:mock-secret-sp")));
        using var response = await client.SendAsync(request);
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        var token = await MockWorkspace.JsonAsync(response);
        token.GetProperty("token_type").GetString().Should().Be("Bearer");
        token.GetProperty("expires_in").GetInt32().Should().Be(3600);
        token.GetProperty("scope").GetString().Should().Be("all-apis");

        using var asSp = _workspace.As(token.GetProperty("access_token").GetString()!);
        var me = await asSp.GetFromJsonAsync<JsonElement>("/api/2.0/preview/scim/v2/Me");
        me.GetProperty("userName").GetString().Should().Be(ServicePrincipal);
    }

    [Fact]
    public async Task Client_credentials_may_travel_in_the_form()
    {
        using var client = _workspace.Anonymous();
        using var response = await client.PostAsync(new Uri("/oidc/v1/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = ServicePrincipal,
            ["client_secret"] = "mock-secret-sp",
        }));
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await MockWorkspace.JsonAsync(response)).GetProperty("scope").GetString().Should().Be("all-apis");
    }

    [Theory]
    [InlineData("client_credentials", "wrong-secret", "Basic", HttpStatusCode.Unauthorized, "invalid_client")]
    [InlineData("client_credentials", "wrong-secret", "Bearer", HttpStatusCode.Unauthorized, "invalid_client")]
    [InlineData("password", "mock-secret-sp", "Basic", HttpStatusCode.BadRequest, "unsupported_grant_type")]
    public async Task Bad_token_requests_get_OAuth_errors(string grant, string secret, string scheme, HttpStatusCode status, string error)
    {
        using var client = _workspace.Anonymous();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/oidc/v1/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = grant }),
        };
        request.Headers.Authorization = new AuthenticationHeaderValue(scheme, Convert.ToBase64String(Encoding.UTF8.GetBytes($"{ServicePrincipal}:{secret}")));
        using var response = await client.SendAsync(request);

        response.StatusCode.Should().Be(status);
        (await MockWorkspace.JsonAsync(response)).GetProperty("error").GetString().Should().Be(error);
    }

    [Fact]
    public async Task A_token_request_must_be_a_form()
    {
        using var client = _workspace.Anonymous();
        using var response = await client.PostAsJsonAsync("/oidc/v1/token", new { grant_type = "client_credentials" });
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await MockWorkspace.JsonAsync(response)).GetProperty("error").GetString().Should().Be("invalid_request");

        using var garbled = new HttpRequestMessage(HttpMethod.Post, "/oidc/v1/token")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["grant_type"] = "client_credentials" }),
        };
        garbled.Headers.Authorization = new AuthenticationHeaderValue("Basic", "%%%not-base64");
        (await client.SendAsync(garbled)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }
}
