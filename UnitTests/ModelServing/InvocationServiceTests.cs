using System.Text.Json;
using ModelServing.Service.Services;

namespace UnitTests.ModelServing;

/// <summary>The pure part of an invocation: which part of the model's answer is the predictions.</summary>
public sealed class InvocationServiceTests
{
    [Theory]
    [InlineData("""{"predictions":[0.1,0.9]}""", "[0.1,0.9]")]
    [InlineData("""{"outputs":{"score":[1]}}""", """{"score":[1]}""")]
    [InlineData("""{"outputs":[2],"predictions":[1]}""", "[1]")]
    [InlineData("""{"predictions":null}""", "null")]
    public void A_custom_model_answers_its_predictions_or_outputs(string body, string predictions) =>
        InvocationService.PredictionsOf(Json(body)).GetRawText().Should().Be(predictions);

    [Theory]
    [InlineData("""{"choices":[{"message":{"role":"assistant","content":"Hi"}}]}""")]
    [InlineData("""{"data":[{"embedding":[0.1]}]}""")]
    [InlineData("[1,2]")]
    [InlineData("\"text\"")]
    public void Chat_completions_and_embeddings_answer_their_whole_body(string body) =>
        InvocationService.PredictionsOf(Json(body)).GetRawText().Should().Be(body);

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
