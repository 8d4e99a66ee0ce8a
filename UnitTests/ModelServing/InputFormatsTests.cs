using System.Text.Json;
using ModelServing.Service.Model;
using ModelServing.Service.Services;

namespace UnitTests.ModelServing;

public sealed class InputFormatsTests
{
    [Theory]
    [InlineData("messages", "chat")]
    [InlineData("prompt", "completions")]
    [InlineData("input", "embeddings")]
    [InlineData("dataframe_split", "dataframe_split")]
    [InlineData("dataframe_records", "dataframe_records")]
    [InlineData("instances", "instances")]
    [InlineData("inputs", "inputs")]
    public void Each_input_form_is_named_by_its_top_level_key(string key, string format) =>
        InputFormats.FormatOfKey(key).Should().Be(format);

    [Theory]
    [InlineData("Messages")]
    [InlineData("data")]
    [InlineData("")]
    [InlineData("predictions")]
    public void Any_other_key_names_no_input_form(string key) =>
        InputFormats.FormatOfKey(key).Should().BeNull();

    [Fact]
    public void Detection_prefers_the_forms_in_the_order_of_the_scoring_protocol() =>
        InputFormats.Keys.Select(k => k.Key).Should().Equal("messages", "prompt", "input", "dataframe_split", "dataframe_records", "instances", "inputs");

    [Theory]
    [InlineData("llm/v1/chat", "chat", "messages")]
    [InlineData("llm/v1/completions", "completions", "prompt")]
    [InlineData("llm/v1/embeddings", "embeddings", "input")]
    public void An_llm_task_gives_its_format_a_schema_that_requires_its_key_and_an_example_that_invokes(string task, string format, string key)
    {
        var input = InputFormats.OfTask(task)!;

        input.Format.Should().Be(format);
        input.Schema.GetProperty("required").EnumerateArray().Select(e => e.GetString()).Should().Equal(key);
        input.Schema.GetProperty("properties").TryGetProperty(key, out _).Should().BeTrue();
        input.Example.TryGetProperty(key, out _).Should().BeTrue();
        InvocationRules.Validate(new InvokeRequest("endpoint", input.Example, null, null)).Errors.Should().BeEmpty();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("llm/v1/other")]
    [InlineData("LLM/V1/CHAT")]
    [InlineData("llm/v2/chat")]
    public void Other_tasks_have_no_known_input(string? task) =>
        InputFormats.OfTask(task).Should().BeNull();

    [Theory]
    [InlineData("chat", "messages")]
    [InlineData("completions", "prompt")]
    [InlineData("embeddings", "input")]
    public void A_format_an_llm_task_has_borrows_that_tasks_example(string format, string key) =>
        InputFormats.TaskExample(format)!.Value.TryGetProperty(key, out _).Should().BeTrue();

    [Theory]
    [InlineData("dataframe_split")]
    [InlineData("instances")]
    [InlineData("unknown")]
    public void Other_formats_have_no_task_example(string format) =>
        InputFormats.TaskExample(format).Should().BeNull();

    [Fact]
    public void The_generic_example_is_a_dataframe_split_that_invokes()
    {
        InputFormats.GenericExample.GetRawText().Should().Be("""{"dataframe_split":{"columns":["feature_1","feature_2"],"data":[[1.0,"value"]]}}""");
        InvocationRules.Validate(new InvokeRequest("endpoint", InputFormats.GenericExample, null, null)).Errors.Should().BeEmpty();
    }

    [Fact]
    public void Parsed_JSON_outlives_its_document()
    {
        var parsed = InputFormats.Parse("""{"a":[1,2]}""");

        parsed.GetProperty("a").GetArrayLength().Should().Be(2);
        parsed.ValueKind.Should().Be(JsonValueKind.Object);
    }
}
