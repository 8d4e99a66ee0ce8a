using Catalog.Service.Services.Browse;

namespace UnitTests.Catalog;

public sealed class IdentifiersTests
{
    [Theory]
    [InlineData("main")]
    [InlineData("café_ventes")]
    [InlineData("sales-2024")]
    [InlineData("we`ird")]
    [InlineData("x")]
    public void A_name_of_one_to_255_characters_without_period_space_slash_or_control_characters_is_valid(string name) =>
        Identifiers.IsValid(name).Should().BeTrue();

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("main.sales")]
    [InlineData("main sales")]
    [InlineData("main/sales")]
    [InlineData("main\tsales")]
    [InlineData("main\nsales")]
    [InlineData("main\u0085")]
    [InlineData("main\0")]
    public void A_name_that_Unity_Catalog_cannot_have_is_refused(string? name) =>
        Identifiers.IsValid(name).Should().BeFalse();

    [Fact]
    public void A_name_may_have_255_characters_but_not_256()
    {
        Identifiers.IsValid(new string('n', Identifiers.MaxLength)).Should().BeTrue();
        Identifiers.IsValid(new string('n', Identifiers.MaxLength + 1)).Should().BeFalse();
    }

    [Theory]
    [InlineData("main", "`main`")]
    [InlineData("café ventes", "`café ventes`")]
    [InlineData("we`ird", "`we``ird`")]
    [InlineData("``", "``````")]
    public void A_name_is_backtick_quoted_for_SQL_with_its_backticks_doubled(string name, string quoted) =>
        Identifiers.Quote(name).Should().Be(quoted);

    [Fact]
    public void A_table_name_reads_as_catalog_dot_schema_dot_table() =>
        new TableName("main", "sales", "transactions").FullName.Should().Be("main.sales.transactions");
}
