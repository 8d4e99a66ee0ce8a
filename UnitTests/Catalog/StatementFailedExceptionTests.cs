using Catalog.Service.Services.Query;
using Databricks.Client;

namespace UnitTests.Catalog;

public sealed class StatementFailedExceptionTests
{
    [Theory]
    [InlineData("[TABLE_OR_VIEW_NOT_FOUND] The table or view `x` cannot be found.", "TABLE_OR_VIEW_NOT_FOUND")]
    [InlineData("[UNRESOLVED_COLUMN.WITH_SUGGESTION] A column with name `y` cannot be resolved.", "UNRESOLVED_COLUMN")]
    [InlineData("[DATATYPE_MISMATCH.BINARY_OP_DIFF_TYPES.X] no", "DATATYPE_MISMATCH")]
    [InlineData("[CAST_INVALID_INPUT]", "CAST_INVALID_INPUT")]
    [InlineData("[E42_1] digits count", "E42_1")]
    [InlineData("[X]", "X")]
    public void The_error_class_is_the_bracketed_start_of_the_message_without_its_sub_class(string message, string errorClass) =>
        Failed(message).ErrorClass.Should().Be(errorClass);

    [Theory]
    [InlineData("The table or view cannot be found. [TABLE_OR_VIEW_NOT_FOUND]")]
    [InlineData(" [TABLE_OR_VIEW_NOT_FOUND] leading space")]
    [InlineData("[table_or_view_not_found] lower case")]
    [InlineData("[] empty")]
    [InlineData("[.SUB] no class")]
    [InlineData("[TABLE_OR_VIEW_NOT_FOUND no closing bracket")]
    [InlineData("[TABLE OR VIEW] spaces")]
    [InlineData("TABLE_OR_VIEW_NOT_FOUND")]
    [InlineData("")]
    public void A_message_that_does_not_start_with_a_bracketed_class_has_none(string message) =>
        Failed(message).ErrorClass.Should().BeNull();

    [Fact]
    public void A_failure_without_an_error_or_message_has_no_class()
    {
        new StatementFailedException("st-1", new StatementStatus(StatementStates.Failed, null, "42P01")).ErrorClass.Should().BeNull();
        new StatementFailedException("st-1", new StatementStatus(StatementStates.Failed, new StatementError("X", null), null)).ErrorClass.Should().BeNull();
    }

    [Fact]
    public void The_message_names_the_statement_and_how_it_ended()
    {
        var exception = new StatementFailedException("st-7", new StatementStatus(StatementStates.Canceled, null, null));

        exception.Message.Should().Be("Statement st-7 ended CANCELED.");
        exception.StatementId.Should().Be("st-7");
    }

    private static StatementFailedException Failed(string message) =>
        new("st-1", new StatementStatus(StatementStates.Failed, new StatementError("BAD_REQUEST", message), null));
}
