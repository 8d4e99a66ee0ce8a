using System.Globalization;
using System.Text.Json;

namespace ServiceDefaults.Json;

/// <summary>ISO-8601 in UTC with millisecond precision and a <c>Z</c>: <c>2025-10-18T12:00:00.123Z</c>.</summary>
internal static class UtcTimestampFormat
{
    private const string Format = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
    private const int Length = 24;

    public static void Write(Utf8JsonWriter writer, DateTime utc)
    {
        Span<char> buffer = stackalloc char[Length];
        utc.TryFormat(buffer, out var written, Format, CultureInfo.InvariantCulture);
        writer.WriteStringValue(buffer[..written]);
    }
}
