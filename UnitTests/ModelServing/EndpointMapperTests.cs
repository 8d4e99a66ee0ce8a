using Databricks.Client;
using ModelServing.Service.Model;
using ModelServing.Service.Services;

namespace UnitTests.ModelServing;

public sealed class EndpointMapperTests
{
    [Theory]
    [InlineData("READY", "NOT_UPDATING", "READY")]
    [InlineData("READY", null, "READY")]
    [InlineData("READY", "IN_PROGRESS", "UPDATING")]
    [InlineData("NOT_READY", "IN_PROGRESS", "NOT_READY")]
    [InlineData("NOT_READY", "NOT_UPDATING", "NOT_READY")]
    [InlineData(null, null, "NOT_READY")]
    [InlineData("ready", null, "NOT_READY")]
    [InlineData("READY", "UPDATE_FAILED", "FAILED")]
    [InlineData("READY", "UPDATE_CANCELED", "FAILED")]
    [InlineData("NOT_READY", "UPDATE_FAILED", "FAILED")]
    [InlineData(null, "UPDATE_CANCELED", "FAILED")]
    public void A_failed_update_wins_then_an_update_in_progress_on_a_ready_endpoint_then_readiness(string? ready, string? update, string state) =>
        EndpointMapper.StateOf(new ServingEndpointState(ready, update)).Should().Be(state);

    [Fact]
    public void An_endpoint_without_a_state_is_not_ready() =>
        EndpointMapper.StateOf(null).Should().Be(EndpointKinds.NotReady);

    [Fact]
    public void An_endpoint_serving_an_external_model_is_external_even_beside_a_foundation_model() =>
        EndpointMapper.TypeOf(Endpoint(Foundation("fm", "databricks-llama"), External("ext", "gpt-4o"))).Should().Be(EndpointKinds.ExternalModel);

    [Fact]
    public void An_endpoint_serving_a_foundation_model_is_a_foundation_model() =>
        EndpointMapper.TypeOf(Endpoint(Custom("m", "main.ml.churn", "1"), Foundation("fm", "databricks-llama"))).Should().Be(EndpointKinds.FoundationModel);

    [Fact]
    public void Anything_else_is_a_custom_model()
    {
        EndpointMapper.TypeOf(Endpoint(Custom("m", "main.ml.churn", "3"))).Should().Be(EndpointKinds.CustomModel);
        EndpointMapper.TypeOf(Endpoint()).Should().Be(EndpointKinds.CustomModel);
        EndpointMapper.TypeOf(Endpoint() with { Config = null }).Should().Be(EndpointKinds.CustomModel);
        EndpointMapper.TypeOf(Endpoint() with { Config = new ServingEndpointConfig(null, null) }).Should().Be(EndpointKinds.CustomModel);
    }

    [Fact]
    public void A_summary_names_each_served_entity_and_the_times_in_UTC()
    {
        var endpoint = Endpoint(Custom("churn-1", "main.ml.churn", "1"), External("ext", "gpt-4o"), Foundation("fm", "databricks-llama")) with
        {
            State = new ServingEndpointState("READY", "NOT_UPDATING"),
            Task = "llm/v1/chat",
            Creator = "alice@example.com",
            CreationTimestamp = 1_700_000_000_000,
            LastUpdatedTimestamp = 0,
        };

        EndpointMapper.ToSummary(endpoint).Should().BeEquivalentTo(new EndpointSummary(
            "churn",
            "id-1",
            "READY",
            "llm/v1/chat",
            "EXTERNAL_MODEL",
            [
                new ServedEntitySummary("churn-1", "main.ml.churn", "1", null),
                new ServedEntitySummary("ext", "gpt-4o", null, null),
                new ServedEntitySummary("fm", null, null, "databricks-llama"),
            ],
            "alice@example.com",
            new DateTime(2023, 11, 14, 22, 13, 20, DateTimeKind.Utc),
            DateTime.UnixEpoch));
    }

    [Fact]
    public void An_entity_name_given_by_the_workspace_wins_over_the_external_models_name() =>
        EndpointMapper.ToSummary(Endpoint(new ServedEntity("e", "named", null, null, null, null, new ExternalModel("openai", "gpt-4o", "llm/v1/chat"))))
            .ServedEntities.Single().EntityName.Should().Be("named");

    [Fact]
    public void Unknown_times_stay_unknown()
    {
        var summary = EndpointMapper.ToSummary(Endpoint());

        summary.CreatedAt.Should().BeNull();
        summary.UpdatedAt.Should().BeNull();
        summary.ServedEntities.Should().BeEmpty();
    }

    [Fact]
    public void A_detail_adds_the_configuration_its_traffic_and_the_invocation_route()
    {
        var endpoint = Endpoint(Custom("a", "main.ml.churn", "1"), Custom("b", "main.ml.churn", "2")) with
        {
            Config = new ServingEndpointConfig(
                [Custom("a", "main.ml.churn", "1"), Custom("b", "main.ml.churn", "2")],
                null,
                7,
                new TrafficConfig([new TrafficRoute("a", 90), new TrafficRoute("b", 10)])),
        };

        var detail = EndpointMapper.ToDetail(endpoint, "/api/model-serving/invoke");

        detail.EndpointName.Should().Be("churn");
        detail.EndpointType.Should().Be(EndpointKinds.CustomModel);
        detail.InvocationUrl.Should().Be("/api/model-serving/invoke");
        detail.Config.ConfigVersion.Should().Be(7);
        detail.Config.ServedEntities.Should().Equal(detail.ServedEntities).And.HaveCount(2);
        detail.Config.TrafficRoutes.Should().Equal(new TrafficRouteSummary("a", 90), new TrafficRouteSummary("b", 10));
    }

    [Fact]
    public void A_detail_without_configuration_has_no_version_and_no_routes()
    {
        var detail = EndpointMapper.ToDetail(Endpoint() with { Config = null, State = new ServingEndpointState("READY", null) }, "/invoke");

        detail.State.Should().Be(EndpointKinds.Ready);
        detail.Config.ConfigVersion.Should().BeNull();
        detail.Config.TrafficRoutes.Should().BeEmpty();
        detail.Config.ServedEntities.Should().BeEmpty();
    }

    [Fact]
    public void A_detail_of_a_configuration_without_traffic_has_no_routes() =>
        EndpointMapper.ToDetail(Endpoint(Custom("a", "m", "1")), "/invoke").Config.TrafficRoutes.Should().BeEmpty();

    private static ServingEndpoint Endpoint(params ServedEntity[] entities) =>
        new("churn", "id-1", null, null, null, null, new ServingEndpointConfig(entities, null), null, null, null, null, null);

    private static ServedEntity Custom(string name, string entity, string version) => new(name, entity, version, null, "Small", true);

    private static ServedEntity Foundation(string name, string model) => new(name, null, null, new FoundationModel(model, model), null, null);

    private static ServedEntity External(string name, string model) => new(name, null, null, null, null, null, new ExternalModel("openai", model, "llm/v1/chat"));
}
