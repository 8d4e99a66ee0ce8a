using System.Text.Json;

namespace ServiceDefaults.Json;

/// <summary>ISO-8601 in UTC with millisecond precision and a <c>Z</c>: <c>2025-10-18T12:00:00.123Z</c>.</summary>
internal static class UtcTimestampFormat
{
    private const int Length = 24;

    /// <summary>
    /// Writes the UTF-8 text digit by digit: a page of preferences holds two timestamps per item, and a custom
    /// <see cref="DateTime.TryFormat(Span{char}, out int, ReadOnlySpan{char}, IFormatProvider?)"/> format was a visible
    /// share of the list route's CPU time.
    /// </summary>
    public static void Write(Utf8JsonWriter writer, DateTime utc)
    {
        Span<byte> text = stackalloc byte[Length];
        Digits(text[..4], utc.Year);
        text[4] = (byte)'-';
        Digits(text[5..7], utc.Month);
        text[7] = (byte)'-';
        Digits(text[8..10], utc.Day);
        text[10] = (byte)'T';
        Digits(text[11..13], utc.Hour);
        text[13] = (byte)':';
        Digits(text[14..16], utc.Minute);
        text[16] = (byte)':';
        Digits(text[17..19], utc.Second);
        text[19] = (byte)'.';
        Digits(text[20..23], utc.Millisecond);
        text[23] = (byte)'Z';
        writer.WriteStringValue(text);
    }

    /// <summary>The value's last <c>destination.Length</c> decimal digits, zero-padded on the left.</summary>
    private static void Digits(Span<byte> destination, int value)
    {
        for (var i = destination.Length - 1; i >= 0; i--)
        {
            destination[i] = (byte)('0' + (value % 10));
            value /= 10;
        }
    }
}
