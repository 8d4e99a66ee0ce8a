using System.Net;
using System.Net.Http.Headers;
using Tests.Support;
using Xunit.Abstractions;
using static Tests.Support.PreferencesClient;

namespace Tests.Auth;

/// <summary>Caller identity on the preferences routes (api-contract.md §1.1), against the mock workspace's SCIM.</summary>
public sealed class PreferenceAuthTests(TopologyFixture topology, ITestOutputHelper output) : TopologyTest(topology, output)
{
    private const string ServicePrincipalToken = "mock-token-sp";
    private const string ServicePrincipalId = "6f1d2c3b-9a8e-4c7d-b5a4-3e2f1d0c9b8a";

    public static TheoryData<string, string> Routes => new()
    {
        { "GET", BasePath },
        { "GET", $"{BasePath}/theme" },
        { "POST", BasePath },
        { "PUT", $"{BasePath}/theme" },
        { "DELETE", $"{BasePath}/theme" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task No_token_is_401_AUTH_MISSING_on_every_route(string method, string path)
    {
        using var anonymous = App.CreateHttpClient(Resources.LakebaseApi);

        using var response = await anonymous.SendAsync(Request(method, path));

        await ProblemAsync(response, HttpStatusCode.Unauthorized, "AUTH_MISSING");
    }

    [Fact]
    public async Task An_unknown_route_is_404_NOT_FOUND_with_or_without_a_token()
    {
        using var anonymous = App.CreateHttpClient(Resources.LakebaseApi);

        using var response = await anonymous.GetAsync(new Uri("/api/lakebase/no-such-route", UriKind.Relative));

        await ProblemAsync(response, HttpStatusCode.NotFound, "NOT_FOUND");
    }

    [Fact]
    public async Task An_empty_token_is_AUTH_MISSING_in_either_header()
    {
        using var client = App.CreateHttpClient(Resources.LakebaseApi);

        var forwarded = Request("GET", BasePath);
        forwarded.Headers.Add("X-Forwarded-Access-Token", "");
        using (var response = await client.SendAsync(forwarded))
        {
            await ProblemAsync(response, HttpStatusCode.Unauthorized, "AUTH_MISSING");
        }

        var bearer = Request("GET", BasePath);
        bearer.Headers.TryAddWithoutValidation("Authorization", "Bearer ");
        using (var response = await client.SendAsync(bearer))
        {
            await ProblemAsync(response, HttpStatusCode.Unauthorized, "AUTH_MISSING");
        }
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task An_unknown_token_is_401_AUTH_INVALID_and_never_echoed(string method, string path)
    {
        var token = $"dapi-unknown-{Guid.NewGuid():N}";
        using var client = App.CreateHttpClient(Resources.LakebaseApi);
        var request = Request(method, path);
        request.Headers.Add("X-Forwarded-Access-Token", token);

        using var response = await client.SendAsync(request);

        var problem = await ProblemAsync(response, HttpStatusCode.Unauthorized, "AUTH_INVALID");
        problem.GetRawText().Should().NotContain(token);
    }

    [Fact]
    public async Task Authorization_Bearer_works_and_X_Forwarded_Access_Token_wins_when_both_are_sent()
    {
        using var alice = await NewUserAsync(Topology);
        using var bob = await NewUserAsync(Topology);
        await alice.SaveAsync("who", "alice");
        await bob.SaveAsync("who", "bob");

        using var bearerOnly = App.CreateHttpClient(Resources.LakebaseApi);
        bearerOnly.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bob.Token);
        using (var response = await bearerOnly.GetAsync(KeyUri("who")))
        {
            (await JsonAsync(response)).GetProperty("preference_value").GetString().Should().Be("bob");
        }

        using var both = App.CreateHttpClient(Resources.LakebaseApi);
        both.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bob.Token);
        both.DefaultRequestHeaders.Add("X-Forwarded-Access-Token", alice.Token);
        using (var response = await both.GetAsync(KeyUri("who")))
        {
            var preference = await JsonAsync(response);
            preference.GetProperty("user_id").GetString().Should().Be(alice.UserName);
            preference.GetProperty("preference_value").GetString().Should().Be("alice");
        }
    }

    [Fact]
    public async Task A_failing_SCIM_is_503_WORKSPACE_UNAVAILABLE_and_the_same_token_works_once_it_is_back()
    {
        var workspace = new MockWorkspace(Topology);
        // A fresh token is not in the identity cache, so the lookup really goes to SCIM.
        using var user = await NewUserAsync(Topology);
        // The client tries 4 times on a 503; the fault outlasts them all.
        var fault = await workspace.AddFaultAsync(new { principal = user.UserName, area = "scim", status = 503, count = 4 });
        try
        {
            using var response = await user.ListAsync();
            var problem = await RetryableAsync(response, "WORKSPACE_UNAVAILABLE");
            problem.GetRawText().Should().NotContain(user.Token);
        }
        finally
        {
            await DeleteFaultIfLeftAsync(fault);
        }

        using var recovered = await user.ListAsync();
        recovered.StatusCode.Should().Be(HttpStatusCode.OK, "a failed lookup is not cached");
    }

    [Fact]
    public async Task A_service_principal_whose_user_id_is_a_UUID_keeps_its_own_preferences()
    {
        using var principal = For(Topology, ServicePrincipalId, ServicePrincipalToken);
        // The service principal is shared by the suite: a unique key, removed at the end.
        var key = $"sp.{Guid.NewGuid():N}";

        using (var created = await principal.PutAsync(key, new { batch = true }))
        {
            created.StatusCode.Should().Be(HttpStatusCode.Created);
            (await JsonAsync(created)).GetProperty("user_id").GetString().Should().Be(ServicePrincipalId);
        }

        (await principal.KeysAsync($"key_prefix={key}")).Should().Equal(key);
        using (var fetched = await principal.GetAsync(key))
        {
            (await JsonAsync(fetched)).GetProperty("user_id").GetString().Should().Be(ServicePrincipalId);
        }

        using var someoneElse = await NewUserAsync(Topology);
        (await someoneElse.GetAsync(key)).StatusCode.Should().Be(HttpStatusCode.NotFound);

        (await principal.DeleteAsync(key)).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    private async Task DeleteFaultIfLeftAsync(string id)
    {
        // A fault removes itself once its count is used up; delete it only when some of it is left.
        using var client = new MockWorkspace(Topology).Anonymous();
        using var response = await client.DeleteAsync(new Uri($"/__mock/faults/{id}", UriKind.Relative));
        response.StatusCode.Should().BeOneOf(HttpStatusCode.NoContent, HttpStatusCode.NotFound);
    }

    private static HttpRequestMessage Request(string method, string path)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path, UriKind.Relative));
        if (method is "POST" or "PUT")
        {
            request.Content = new StringContent("""{"preference_key":"theme","preference_value":1}""", System.Text.Encoding.UTF8, "application/json");
        }

        return request;
    }
}
