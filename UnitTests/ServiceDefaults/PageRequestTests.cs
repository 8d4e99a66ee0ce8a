using ServiceDefaults.Paging;

namespace UnitTests.ServiceDefaults;

public sealed class PageRequestTests
{
    [Theory]
    [InlineData(null, null, 100, 0)]
    [InlineData("", "", 100, 0)]
    [InlineData("1", "0", 1, 0)]
    [InlineData("1000", "10000000", 1000, 10_000_000)]
    [InlineData("25", "50", 25, 50)]
    [InlineData("007", "00", 7, 0)]
    public void Limit_and_offset_are_whole_numbers_in_range_or_the_defaults(string? limit, string? offset, int expectedLimit, int expectedOffset)
    {
        var (page, errors) = PageRequest.Parse(limit, offset, 100);

        errors.Should().BeNull();
        page.Should().Be(new PageRequest(expectedLimit, expectedOffset));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("1001")]
    [InlineData("-1")]
    [InlineData("+5")]
    [InlineData(" 5")]
    [InlineData("5 ")]
    [InlineData("5.0")]
    [InlineData("1e2")]
    [InlineData("ten")]
    [InlineData("99999999999")]
    public void Any_other_limit_is_refused(string limit)
    {
        var (page, errors) = PageRequest.Parse(limit, null, 100);

        errors.Should().BeEquivalentTo(new Dictionary<string, string[]> { ["limit"] = ["must be an integer from 1 to 1000"] });
        page.Should().Be(new PageRequest(100, 0));
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("10000001")]
    [InlineData("0x10")]
    public void Any_other_offset_is_refused(string offset) =>
        PageRequest.Parse(null, offset, 50).Errors.Should().BeEquivalentTo(
            new Dictionary<string, string[]> { ["offset"] = ["must be an integer from 0 to 10000000"] });

    [Fact]
    public void Both_problems_are_reported_at_once() =>
        PageRequest.Parse("0", "-1", 100).Errors!.Keys.Should().BeEquivalentTo("limit", "offset");

    [Fact]
    public void The_default_limit_is_the_callers() =>
        PageRequest.Parse(null, null, 42).Page.Limit.Should().Be(42);
}
