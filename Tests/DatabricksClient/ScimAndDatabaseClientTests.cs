using System.Text.Json;
using Databricks.Client;

namespace Tests.DatabricksClient;

public sealed class ScimAndDatabaseClientTests
{
    [Fact]
    public async Task Me_is_a_get_with_the_callers_bearer_token_and_reads_camel_case_keys()
    {
        await using var host = await DatabricksTestHost.StartAsync();
        host.Handler.Json("""{"id":"123","userName":"alice@example.com","displayName":"Alice","active":true,"emails":[{"value":"alice@example.com","type":"work","primary":true}],"extra":1}""");

        var me = await host.Client.Scim.GetMeAsync(Tokens.Alice);

        me.UserName.Should().Be("alice@example.com");
        me.DisplayName.Should().Be("Alice");
        me.Emails.Should().ContainSingle().Which.Primary.Should().BeTrue();
        var request = host.Handler.Single;
        request.Method.Should().Be(HttpMethod.Get);
        request.Uri.Should().Be(new Uri("https://workspace.test/api/2.0/preview/scim/v2/Me"));
        request.Authorization.Should().Be($"Bearer {Tokens.AliceValue}");
        request.Accept.Should().Be("application/json");
    }

    [Fact]
    public async Task Credentials_post_names_the_instances_with_a_request_id_and_redacts_the_token()
    {
        await using var host = await DatabricksTestHost.StartAsync();
        host.Handler.Json("""{"token":"pg-password-xyz","expiration_time":"2025-10-18T13:00:00Z"}""");

        var credential = await host.Client.Database.GenerateCredentialAsync(Tokens.Alice, ["lakebase"]);

        credential.Token.Should().Be("pg-password-xyz");
        credential.ExpirationTime.Should().Be(new DateTimeOffset(2025, 10, 18, 13, 0, 0, TimeSpan.Zero));
        credential.ToString().Should().NotContain("pg-password-xyz");
        var request = host.Handler.Single;
        request.Method.Should().Be(HttpMethod.Post);
        request.PathAndQuery.Should().Be("/api/2.0/database/credentials");
        request.ContentType.Should().Be("application/json");
        using var body = JsonDocument.Parse(request.Body!);
        body.RootElement.GetProperty("instance_names").EnumerateArray().Select(e => e.GetString()).Should().Equal("lakebase");
        Guid.TryParse(body.RootElement.GetProperty("request_id").GetString(), out _).Should().BeTrue();
    }

    [Fact]
    public async Task Credentials_need_at_least_one_instance()
    {
        await using var host = await DatabricksTestHost.StartAsync();

        var act = () => host.Client.Database.GenerateCredentialAsync(Tokens.Alice, []);

        await act.Should().ThrowAsync<ArgumentOutOfRangeException>();
    }

    [Fact]
    public async Task Instance_get_escapes_the_name_and_reads_the_dns()
    {
        await using var host = await DatabricksTestHost.StartAsync();
        host.Handler.Json("""{"name":"my db","uid":"u1","state":"AVAILABLE","read_write_dns":"pg.example.com","pg_version":"16","capacity":"CU_1","stopped":false}""");

        var instance = await host.Client.Database.GetInstanceAsync(Tokens.Alice, "my db");

        instance.ReadWriteDns.Should().Be("pg.example.com");
        instance.State.Should().Be("AVAILABLE");
        host.Handler.Single.Uri.AbsolutePath.Should().Be("/api/2.0/database/instances/my%20db");
    }

    [Fact]
    public void A_token_prints_redacted_and_rejects_empty_values()
    {
        Tokens.Alice.ToString().Should().NotContain(Tokens.AliceValue);
        $"{Tokens.Alice}".Should().Be("DatabricksToken(***)");
        new CurrentUser("alice@example.com", "Alice", Tokens.Alice).ToString().Should().NotContain(Tokens.AliceValue);
        var act = () => new DatabricksToken(" ");
        act.Should().Throw<ArgumentException>();
    }
}
