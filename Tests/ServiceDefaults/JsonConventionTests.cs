using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using ServiceDefaults.Json;

namespace Tests.ServiceDefaults;

public sealed class JsonConventionTests
{
    public sealed record PreferenceInput(string PreferenceKey, JsonElement PreferenceValue);

    public sealed record PreferenceView(string PreferenceKey, JsonElement PreferenceValue, DateTime CreatedAt, DateTimeOffset UpdatedAt);

    private static readonly DateTime CreatedAt = new(2025, 10, 18, 12, 0, 0, 123, 456, DateTimeKind.Utc);
    private static readonly DateTimeOffset UpdatedAt = new(2025, 10, 18, 14, 30, 0, 5, TimeSpan.FromHours(2));

    [Fact]
    public async Task Minimal_apis_read_and_write_snake_case_with_utc_millisecond_timestamps()
    {
        await using var host = await TestServiceHost.StartAsync(app => app.MapPost("/api/preferences",
            (PreferenceInput input) => TypedResults.Ok(new PreferenceView(input.PreferenceKey, input.PreferenceValue, CreatedAt, UpdatedAt))));

        using var response = await host.Client.PostAsync("/api/preferences",
            JsonContent.Create("""{"preference_key": "theme", "preference_value": {"darkMode": true, "font_size": 12}}"""));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Be(
            """{"preference_key":"theme","preference_value":{"darkMode":true,"font_size":12},"created_at":"2025-10-18T12:00:00.123Z","updated_at":"2025-10-18T12:30:00.005Z"}""");
    }

    [Fact]
    public void The_shared_options_are_read_only_and_follow_the_same_conventions()
    {
        var json = JsonSerializer.Serialize(new { TotalCount = 3, Labels = new Dictionary<string, int> { ["keepMe"] = 1 } }, ApiJson.SerializerOptions);

        ApiJson.SerializerOptions.IsReadOnly.Should().BeTrue();
        json.Should().Be("""{"total_count":3,"labels":{"keepMe":1}}""");
    }

    [Theory]
    [InlineData(DateTimeKind.Utc, "2025-10-18T12:00:00.123Z")]
    [InlineData(DateTimeKind.Unspecified, "2025-10-18T12:00:00.123Z")]
    public void Date_times_are_written_in_utc(DateTimeKind kind, string expected)
    {
        var value = new DateTime(2025, 10, 18, 12, 0, 0, 123, kind);

        JsonSerializer.Serialize(value, ApiJson.SerializerOptions).Should().Be($"\"{expected}\"");
    }

    [Fact]
    public void Local_date_times_are_converted_to_utc()
    {
        var utc = new DateTime(2025, 10, 18, 12, 0, 0, 123, DateTimeKind.Utc);

        JsonSerializer.Serialize(utc.ToLocalTime(), ApiJson.SerializerOptions).Should().Be("\"2025-10-18T12:00:00.123Z\"");
    }

    [Fact]
    public void Timestamps_are_read_as_utc()
    {
        const string Json = "\"2025-10-18T14:00:00.123+02:00\"";

        var dateTime = JsonSerializer.Deserialize<DateTime>(Json, ApiJson.SerializerOptions);
        var dateTimeOffset = JsonSerializer.Deserialize<DateTimeOffset>(Json, ApiJson.SerializerOptions);

        dateTime.Kind.Should().Be(DateTimeKind.Utc);
        dateTime.Should().Be(new DateTime(2025, 10, 18, 12, 0, 0, 123, DateTimeKind.Utc));
        dateTimeOffset.Offset.Should().Be(TimeSpan.Zero);
        dateTimeOffset.Should().Be(new DateTimeOffset(2025, 10, 18, 12, 0, 0, 123, TimeSpan.Zero));
    }
}
