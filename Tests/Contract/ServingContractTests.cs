using System.Text.Json;
using Databricks.Client;
using Tests.Support;
using Xunit.Abstractions;

namespace Tests.Contract;

/// <summary>Serving endpoints through the client: list, get, openapi and invocations, with their errors.</summary>
public sealed class ServingContractTests(TopologyFixture topology, ITestOutputHelper output) : ContractTest(topology, output)
{
    private const string ChurnRows =
        """{"dataframe_split":{"columns":["tenure","monthly_charges","contract"],"data":[[1,70.0,"Month-to-month"],[60,20.0,"Two year"]]}}""";

    [Fact]
    public async Task The_list_holds_the_endpoints_the_caller_may_query()
    {
        var all = await Client.ServingEndpoints.ListAsync(Alice);
        all.Select(e => e.Name).Should().BeEquivalentTo(
            "chat-assistant", "churn-classifier", "text-embedder", "slow-model", "flaky-model", "not-ready-model", "no-schema-model",
            "external-chat", "updating-model", "failed-update-model", "creating-model",
            "support-agent", "tensor-model", "legacy-pyfunc");
        all.Single(e => e.Name == "chat-assistant").Task.Should().Be("llm/v1/chat");
        all.Single(e => e.Name == "churn-classifier").Task.Should().BeNull();
        all.Single(e => e.Name == "external-chat").Config!.ServedEntities![0].ExternalModel.Should().Be(new ExternalModel("openai", "gpt-4o-mini", "llm/v1/chat"));

        (await Client.ServingEndpoints.ListAsync(Carol)).Select(e => e.Name).Should().Equal("chat-assistant");
    }

    [Fact]
    public async Task Get_describes_a_foundation_model_a_custom_model_and_a_not_ready_one()
    {
        var chat = await Client.ServingEndpoints.GetAsync(Alice, "chat-assistant");
        chat.State!.Ready.Should().Be("READY");
        chat.Task.Should().Be("llm/v1/chat");
        chat.Config!.ServedEntities!.Single().FoundationModel!.Name.Should().Be("databricks-meta-llama-3-3-70b-instruct");

        var churn = await Client.ServingEndpoints.GetAsync(Alice, "churn-classifier");
        churn.Config!.ServedEntities!.Single().Should().Match<ServedEntity>(e => e.EntityName == "main.default.churn_model" && e.EntityVersion == "3");

        (await Client.ServingEndpoints.GetAsync(Alice, "not-ready-model")).State!.Ready.Should().Be("NOT_READY");
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_the_invocation_route_and_a_model_without_a_signature_has_none()
    {
        var text = await Client.ServingEndpoints.GetOpenApiAsync(Alice, "churn-classifier");

        using var document = JsonDocument.Parse(text);
        document.RootElement.GetProperty("paths").TryGetProperty("/served-models/churn-classifier-3/invocations", out _).Should().BeTrue(text);

        var none = () => Client.ServingEndpoints.GetOpenApiAsync(Alice, "no-schema-model");
        var error = (await none.Should().ThrowAsync<DatabricksApiException>()).Which;
        (error.StatusCode, error.ErrorCode).Should().Be((404, "RESOURCE_DOES_NOT_EXIST"));
    }

    [Fact]
    public async Task The_chat_endpoint_answers_an_OpenAI_style_completion_with_usage()
    {
        var body = """{"messages":[{"role":"system","content":"Be brief."},{"role":"user","content":"Hello there"}],"max_tokens":32}""";

        var answer = await Client.ServingEndpoints.InvokeAsync(Alice, "chat-assistant", body);

        answer.ServedModelName.Should().Be("databricks-meta-llama-3-3-70b-instruct");
        var choice = answer.Body.GetProperty("choices")[0];
        choice.GetProperty("message").GetProperty("role").GetString().Should().Be("assistant");
        choice.GetProperty("message").GetProperty("content").GetString().Should().Be("You said: Hello there");
        var usage = answer.Body.GetProperty("usage");
        usage.GetProperty("total_tokens").GetInt32().Should().Be(usage.GetProperty("prompt_tokens").GetInt32() + usage.GetProperty("completion_tokens").GetInt32());

        // Carol holds CAN_QUERY on this endpoint only.
        var carol = await Client.ServingEndpoints.InvokeAsync(Carol, "chat-assistant", JsonDocument.Parse(body).RootElement);
        carol.Body.GetProperty("choices")[0].GetProperty("message").GetProperty("content").GetString().Should().Be("You said: Hello there");
    }

    [Fact]
    public async Task The_churn_classifier_answers_one_probability_per_row()
    {
        var answer = await Client.ServingEndpoints.InvokeAsync(Alice, "churn-classifier", ChurnRows);

        answer.ServedModelName.Should().Be("churn-classifier-3");
        // A short monthly contract at a high charge churns; a long two-year one does not.
        answer.Body.GetProperty("predictions").EnumerateArray().Select(p => p.GetDouble()).Should().Equal(0.9658, 0.0293);
    }

    [Fact]
    public async Task A_wrong_column_is_a_400_BAD_REQUEST_that_is_not_retried()
    {
        var (user, token) = await NewUserAsync();
        const string body = """{"dataframe_records":[{"tenure":1,"monthly_charge":70.0,"contract":"One year"}]}""";

        var call = () => Client.ServingEndpoints.InvokeAsync(token, "churn-classifier", body);

        var error = (await call.Should().ThrowAsync<DatabricksApiException>()).Which;
        (error.StatusCode, error.ErrorCode).Should().Be((400, "BAD_REQUEST"));
        error.Message.Should().Contain("monthly_charges");
        (await JournalAsync("serving", user)).Should().ContainSingle().Which.Status.Should().Be(400);
    }

    [Fact]
    public async Task An_endpoint_without_CAN_QUERY_is_403_and_an_unknown_one_is_404()
    {
        var forbidden = () => Client.ServingEndpoints.InvokeAsync(Carol, "churn-classifier", ChurnRows);
        var refused = (await forbidden.Should().ThrowAsync<DatabricksApiException>()).Which;
        (refused.StatusCode, refused.ErrorCode).Should().Be((403, "PERMISSION_DENIED"));

        var getForbidden = () => Client.ServingEndpoints.GetAsync(Carol, "churn-classifier");
        (await getForbidden.Should().ThrowAsync<DatabricksApiException>()).Which.StatusCode.Should().Be(403);

        var unknown = () => Client.ServingEndpoints.GetAsync(Alice, "no-such-endpoint");
        var missing = (await unknown.Should().ThrowAsync<DatabricksApiException>()).Which;
        (missing.StatusCode, missing.ErrorCode).Should().Be((404, "RESOURCE_DOES_NOT_EXIST"));
        missing.Message.Should().EndWith("Endpoint with name 'no-such-endpoint' does not exist.");
    }
}
