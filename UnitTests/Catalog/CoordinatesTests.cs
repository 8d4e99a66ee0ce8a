using Catalog.Service.Services.Defaults;

namespace UnitTests.Catalog;

public sealed class CoordinatesTests
{
    private static readonly CallerDefaults Defaults = new("main", "sales", 100);

    [Theory]
    [InlineData(null, null, "main", "sales")]
    [InlineData("", "", "main", "sales")]
    [InlineData("main", null, "main", "sales")]
    [InlineData(null, "hr", "main", "hr")]
    [InlineData("main", "hr", "main", "hr")]
    [InlineData("other", "hr", "other", "hr")]
    public void A_missing_catalog_or_schema_is_taken_from_the_defaults(string? catalog, string? schema, string expectedCatalog, string expectedSchema) =>
        Coordinates.WithDefaults(catalog, schema, Defaults).Should().Be((expectedCatalog, expectedSchema));

    [Theory]
    [InlineData("other", null)]
    [InlineData("other", "")]
    [InlineData("MAIN", null)]
    public void The_default_schema_is_never_used_in_another_catalog(string catalog, string? schema) =>
        Coordinates.WithDefaults(catalog, schema, Defaults).Should().Be((catalog, (string?)null));

    [Fact]
    public void Without_defaults_nothing_is_filled_in() =>
        Coordinates.WithDefaults(null, null, new CallerDefaults(null, null, 100)).Should().Be(((string?)null, (string?)null));

    [Fact]
    public void Without_a_default_catalog_a_named_catalog_gets_no_schema() =>
        Coordinates.WithDefaults("main", null, new CallerDefaults(null, "sales", 100)).Should().Be(("main", (string?)null));
}
