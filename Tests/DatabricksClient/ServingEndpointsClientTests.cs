using System.Net;
using System.Text.Json;
using Databricks.Client;

namespace Tests.DatabricksClient;

public sealed class ServingEndpointsClientTests
{
    [Fact]
    public async Task List_and_get_read_the_key_fields()
    {
        await using var host = await DatabricksTestHost.StartAsync();
        host.Handler
            .Json("""{"endpoints":[{"name":"chat-assistant","id":"e1","task":"llm/v1/chat","state":{"ready":"READY","config_update":"NOT_UPDATING"},"config":{"served_entities":[{"name":"m","entity_name":"databricks-llama","foundation_model":{"name":"llama","display_name":"Llama"}}]},"tags":[{"key":"team","value":"ml"}],"ai_gateway":{}}]}""")
            .Json("""{"name":"churn-classifier","state":{"ready":"NOT_READY"},"permission_level":"CAN_QUERY","config":{"served_models":[{"name":"churn-1","model_name":"churn","model_version":"1"}]}}""");

        var endpoints = await host.Client.ServingEndpoints.ListAsync(Tokens.Alice);
        var endpoint = await host.Client.ServingEndpoints.GetAsync(Tokens.Alice, "churn-classifier");

        var chat = endpoints.Single();
        chat.Task.Should().Be("llm/v1/chat");
        chat.State!.Ready.Should().Be("READY");
        chat.State.ConfigUpdate.Should().Be("NOT_UPDATING");
        chat.Config!.ServedEntities!.Single().FoundationModel!.DisplayName.Should().Be("Llama");
        chat.Tags!.Single().Key.Should().Be("team");
        endpoint.PermissionLevel.Should().Be("CAN_QUERY");
        endpoint.Config!.ServedModels!.Single().ModelVersion.Should().Be("1");
        host.Handler.Requests.Select(r => $"{r.Method} {r.PathAndQuery}").Should().Equal(
            "GET /api/2.0/serving-endpoints",
            "GET /api/2.0/serving-endpoints/churn-classifier");
    }

    [Fact]
    public async Task An_empty_list_answer_is_an_empty_list()
    {
        await using var host = await DatabricksTestHost.StartAsync();
        host.Handler.Json("{}");

        (await host.Client.ServingEndpoints.ListAsync(Tokens.Alice)).Should().BeEmpty();
    }

    [Fact]
    public async Task Openapi_is_fetched_as_raw_text()
    {
        await using var host = await DatabricksTestHost.StartAsync();
        const string document = """{"openapi":"3.1.0","paths":{"/served-models/churn-1/invocations":{}}}""";
        host.Handler.Respond(HttpStatusCode.OK, document, "text/plain");

        var text = await host.Client.ServingEndpoints.GetOpenApiAsync(Tokens.Alice, "churn-classifier");

        text.Should().Be(document);
        var request = host.Handler.Single;
        request.PathAndQuery.Should().Be("/api/2.0/serving-endpoints/churn-classifier/openapi");
        request.Accept.Should().Be("text/plain");
    }

    [Fact]
    public async Task Invocation_posts_the_raw_body_outside_api_2_0_and_returns_the_raw_answer()
    {
        await using var host = await DatabricksTestHost.StartAsync();
        host.Handler.Json("""{"predictions":[0.25]}""", response => response.Headers.Add("served-model-name", "churn-1"));
        const string body = """{"dataframe_split":{"columns":["tenure"],"data":[[12]]}}""";

        var result = await host.Client.ServingEndpoints.InvokeAsync(Tokens.Alice, "churn-classifier", body);

        result.Body.GetProperty("predictions")[0].GetDouble().Should().Be(0.25);
        result.ServedModelName.Should().Be("churn-1");
        var request = host.Handler.Single;
        request.Method.Should().Be(HttpMethod.Post);
        request.PathAndQuery.Should().Be("/serving-endpoints/churn-classifier/invocations");
        request.Body.Should().Be(body);
        request.ContentType.Should().Be("application/json");
        request.Authorization.Should().Be($"Bearer {Tokens.AliceValue}");
    }

    [Fact]
    public async Task Invocation_accepts_a_json_element_and_tolerates_a_missing_served_model_header()
    {
        await using var host = await DatabricksTestHost.StartAsync();
        host.Handler.Json("""{"object":"list","data":[{"embedding":[0.1]}]}""");
        using var input = JsonDocument.Parse("""{"input":"hello"}""");

        var result = await host.Client.ServingEndpoints.InvokeAsync(Tokens.Alice, "text-embedder", input.RootElement);

        result.ServedModelName.Should().BeNull();
        result.Body.GetProperty("object").GetString().Should().Be("list");
        host.Handler.Single.Body.Should().Be("""{"input":"hello"}""");
    }

    [Fact]
    public async Task A_schema_failure_is_a_400_bad_request()
    {
        await using var host = await DatabricksTestHost.StartAsync();
        host.Handler.Respond(HttpStatusCode.BadRequest, """{"error_code":"BAD_REQUEST","message":"Incompatible input types for column contract.","stack_trace":"..."}""");

        var act = () => host.Client.ServingEndpoints.InvokeAsync(Tokens.Alice, "churn-classifier", "{}");

        var error = (await act.Should().ThrowAsync<DatabricksApiException>()).Which;
        error.ErrorCode.Should().Be("BAD_REQUEST");
        host.Handler.Requests.Should().ContainSingle();
    }
}
