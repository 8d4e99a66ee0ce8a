using System.Text.Json;
using ServiceDefaults.Json;

namespace UnitTests.ServiceDefaults;

public sealed class TimestampFormatTests
{
    public static TheoryData<DateTime, string> Timestamps => new()
    {
        { new DateTime(2025, 10, 18, 12, 0, 0, 123, DateTimeKind.Utc), "2025-10-18T12:00:00.123Z" },
        { new DateTime(2026, 1, 2, 3, 4, 5, 6, DateTimeKind.Utc), "2026-01-02T03:04:05.006Z" },
        { new DateTime(2026, 12, 31, 23, 59, 59, 999, 999, DateTimeKind.Utc), "2026-12-31T23:59:59.999Z" },
        { DateTime.SpecifyKind(DateTime.MinValue, DateTimeKind.Utc), "0001-01-01T00:00:00.000Z" },
        { new DateTime(987, 6, 5, 4, 3, 2, 10, DateTimeKind.Utc), "0987-06-05T04:03:02.010Z" },
        { DateTime.SpecifyKind(DateTime.MaxValue, DateTimeKind.Utc), "9999-12-31T23:59:59.999Z" },
    };

    [Theory]
    [MemberData(nameof(Timestamps))]
    public void Every_field_is_zero_padded_and_sub_millisecond_digits_are_cut(DateTime utc, string expected)
    {
        JsonSerializer.Serialize(utc, ApiJson.SerializerOptions).Should().Be($"\"{expected}\"");
        JsonSerializer.Serialize(new DateTimeOffset(utc), ApiJson.SerializerOptions).Should().Be($"\"{expected}\"");
    }
}
