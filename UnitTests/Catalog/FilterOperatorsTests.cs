using System.Text.Json;
using Catalog.Service.Services.Query;

namespace UnitTests.Catalog;

public sealed class FilterOperatorsTests
{
    [Theory]
    [InlineData("eq", FilterOperator.Eq)]
    [InlineData("ne", FilterOperator.Ne)]
    [InlineData("lt", FilterOperator.Lt)]
    [InlineData("le", FilterOperator.Le)]
    [InlineData("gt", FilterOperator.Gt)]
    [InlineData("ge", FilterOperator.Ge)]
    [InlineData("like", FilterOperator.Like)]
    [InlineData("in", FilterOperator.In)]
    [InlineData("is_null", FilterOperator.IsNull)]
    [InlineData("is_not_null", FilterOperator.IsNotNull)]
    public void Each_operator_of_the_contract_is_known_by_its_name(string name, FilterOperator expected) =>
        FilterOperators.Parse(name).Should().Be(expected);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("EQ")]
    [InlineData("=")]
    [InlineData("between")]
    [InlineData(" eq")]
    public void Any_other_operator_name_is_unknown(string? name) =>
        FilterOperators.Parse(name).Should().BeNull();

    [Fact]
    public void The_names_listed_in_messages_are_exactly_the_known_ones() =>
        FilterOperators.Names.Split(", ").Should().OnlyContain(name => FilterOperators.Parse(name) != null).And.HaveCount(10);

    [Fact]
    public void The_one_value_comparisons_are_written_in_SQL() =>
        FilterOperators.Comparisons.Should().BeEquivalentTo(new Dictionary<FilterOperator, string>
        {
            [FilterOperator.Eq] = "=",
            [FilterOperator.Ne] = "<>",
            [FilterOperator.Lt] = "<",
            [FilterOperator.Le] = "<=",
            [FilterOperator.Gt] = ">",
            [FilterOperator.Ge] = ">=",
            [FilterOperator.Like] = "LIKE",
        });

    [Theory]
    [InlineData("\"Paris\"", "Paris")]
    [InlineData("\"\"", "")]
    [InlineData("42", "42")]
    [InlineData("-1.50", "-1.50")]
    [InlineData("1e3", "1e3")]
    [InlineData("12345678901234567890.123456789", "12345678901234567890.123456789")]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    public void A_scalar_JSON_value_travels_as_its_text(string json, string text) =>
        FilterOperators.ScalarText(JsonDocument.Parse(json).RootElement).Should().Be(text);

    [Theory]
    [InlineData("null")]
    [InlineData("[1]")]
    [InlineData("{\"a\":1}")]
    public void Null_lists_and_objects_are_not_scalar_values(string json) =>
        FilterOperators.ScalarText(JsonDocument.Parse(json).RootElement).Should().BeNull();

    [Fact]
    public void A_missing_value_is_not_a_scalar_value() =>
        FilterOperators.ScalarText(default).Should().BeNull();
}
