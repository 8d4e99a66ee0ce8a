using System.Net;
using Catalog.Service.Services;
using Catalog.Service.Services.Defaults;
using Databricks.Client;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UnitTests.Support;

namespace UnitTests.Catalog;

/// <summary>
/// How the caller's saved preferences change catalog-api's defaults (api-contract.md §3), with lakebase-api stubbed in
/// memory: a saved catalog brings its own schema, and a saved page size counts only from 1 to 1000.
/// </summary>
public sealed class CallerDefaultsProviderTests
{
    private const string Defaults = "/api/lakebase/preferences/unity_catalog.defaults";
    private const string PageSize = "/api/lakebase/preferences/unity_catalog.page_size";

    private static readonly CurrentUser Alice = new("alice@example.com", "Alice", new DatabricksToken("alice-token"));

    private readonly StubWorkspace _lakebase = new();
    private readonly ListLogger<CallerDefaultsProvider> _logger = new();

    [Fact]
    public async Task Saved_defaults_win_over_configuration()
    {
        _lakebase.On(Defaults, """{"preference_value":{"catalog":"hr","schema":"people"}}""").On(PageSize, """{"preference_value":250}""");

        (await GetAsync()).Should().Be(new CallerDefaults("hr", "people", 250));
    }

    [Fact]
    public async Task A_saved_catalog_without_a_schema_gets_no_schema_from_configuration()
    {
        _lakebase.On(Defaults, """{"preference_value":{"catalog":"hr"}}""");

        (await GetAsync()).Should().Be(new CallerDefaults("hr", null, 100));
    }

    [Fact]
    public async Task A_saved_schema_alone_belongs_to_the_configured_catalog()
    {
        _lakebase.On(Defaults, """{"preference_value":{"schema":"finance"}}""");

        (await GetAsync()).Should().Be(new CallerDefaults("main", "finance", 100));
    }

    [Theory]
    [InlineData("""{"preference_value":"main.sales"}""")]
    [InlineData("""{"preference_value":{"catalog":5,"schema":["x"]}}""")]
    [InlineData("""{"preference_value":{}}""")]
    [InlineData("""{"preference_value":null}""")]
    [InlineData("""{"other":1}""")]
    public async Task Defaults_saved_in_another_shape_are_ignored(string body)
    {
        _lakebase.On(Defaults, body);

        (await GetAsync()).Should().Be(new CallerDefaults("main", "sales", 100));
    }

    [Fact]
    public async Task Without_saved_preferences_configuration_answers()
    {
        (await GetAsync()).Should().Be(new CallerDefaults("main", "sales", 100));
        _lakebase.Requests.Should().BeEquivalentTo(Defaults, PageSize);
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("1000", 1000)]
    [InlineData("37", 37)]
    public async Task A_saved_page_size_from_1_to_1000_is_the_default_limit(string value, int pageSize)
    {
        _lakebase.On(PageSize, $$"""{"preference_value":{{value}}}""");

        (await GetAsync(coordinates: false)).PageSize.Should().Be(pageSize);
        _logger.Records.Should().BeEmpty();
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("-5")]
    [InlineData("2.5")]
    [InlineData("3000000000")]
    public async Task Any_other_saved_page_size_is_ignored_with_a_warning(string value)
    {
        _lakebase.On(PageSize, $$"""{"preference_value":{{value}}}""");

        (await GetAsync(coordinates: false)).PageSize.Should().Be(100);
        _logger.Records.Should().ContainSingle().Which.Should().BeEquivalentTo(new
        {
            Level = LogLevel.Warning,
            Message = "The caller's preference unity_catalog.page_size is not an integer from 1 to 1000 and is ignored",
        });
    }

    [Theory]
    [InlineData("\"50\"")]
    [InlineData("null")]
    [InlineData("[50]")]
    public async Task A_saved_page_size_that_is_no_number_is_ignored(string value)
    {
        _lakebase.On(PageSize, $$"""{"preference_value":{{value}}}""");

        (await GetAsync(coordinates: false)).PageSize.Should().Be(100);
    }

    [Fact]
    public async Task Only_what_the_request_lacks_is_read()
    {
        await GetAsync(coordinates: false);
        _lakebase.Requests.Should().Equal(PageSize);

        (await GetAsync(coordinates: false, pageSize: false)).Should().Be(new CallerDefaults("main", "sales", 100));
        _lakebase.Requests.Should().Equal(PageSize);
    }

    [Fact]
    public async Task A_failing_lakebase_leaves_configuration_to_answer()
    {
        _lakebase.On(Defaults, HttpStatusCode.ServiceUnavailable);

        (await GetAsync()).Should().Be(new CallerDefaults("main", "sales", 100));
    }

    private Task<CallerDefaults> GetAsync(bool coordinates = true, bool pageSize = true)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["services:lakebase-api:http:0"] = "http://localhost:5100" })
            .Build();
        var options = Options.Create(new CatalogOptions { DefaultCatalog = "main", DefaultSchema = "sales", DefaultPageSize = 100 });
        var provider = new CallerDefaultsProvider(_lakebase, configuration, options, _logger);
        return provider.GetAsync(Alice, coordinates, pageSize, CancellationToken.None);
    }
}
