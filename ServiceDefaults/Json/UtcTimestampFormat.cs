using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace ServiceDefaults.Json;

/// <summary>ISO-8601 in UTC with millisecond precision and a <c>Z</c>: <c>2025-10-18T12:00:00.123Z</c>.</summary>
internal static class UtcTimestampFormat
{
    private const int Length = 24;

    /// <summary>"yyyy-MM-ddTHH:mm:ss.fffffff" of a value without a kind.</summary>
    private const int RoundTripLength = 27;

    /// <summary>
    /// Writes UTF-8 straight from the runtime's round-trip format ("O", seven fractional digits), cut to milliseconds: a
    /// page of preferences holds two timestamps per item, and a custom <see cref="DateTime.TryFormat(Span{char}, out int, ReadOnlySpan{char}, IFormatProvider?)"/>
    /// format was a visible share of the list route's CPU time.
    /// </summary>
    public static void Write(Utf8JsonWriter writer, DateTime utc)
    {
        Span<byte> text = stackalloc byte[RoundTripLength];
        Utf8Formatter.TryFormat(DateTime.SpecifyKind(utc, DateTimeKind.Unspecified), text, out _, new StandardFormat('O'));
        text[Length - 1] = (byte)'Z';
        writer.WriteStringValue(text[..Length]);
    }
}
