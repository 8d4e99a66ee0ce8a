using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Lakebase.Service.Services;

/// <summary>The write rules of api-contract.md §2 for keys and values. Reads and deletes accept any stored key.</summary>
public static class PreferenceRules
{
    public const int MaxKeyLength = 128;
    public const int MaxValueBytes = 65_536;
    public const int MaxPreferencesPerUser = 10_000;

    public const string KeyRule = "must be 1-128 characters: letters or digits of any script first, then letters, digits, '_', '-', '.', ':'";

    /// <summary>NFC form of a key a client sent; any string, so that rows stored by other tools stay reachable.</summary>
    public static string Normalize(string key) => key.IsNormalized(NormalizationForm.FormC) ? key : key.Normalize(NormalizationForm.FormC);

    /// <summary>
    /// True for text that no row can hold, because PostgreSQL text cannot contain U+0000: such a key prefix matches
    /// nothing, and sending it to the database would fail the request with a 500 instead. (Kestrel already refuses
    /// U+0000 in a path, so only query values can carry it.)
    /// </summary>
    public static bool CannotBeStored(string? text) => text is not null && text.Contains('\0', StringComparison.Ordinal);

    /// <summary>Whether a normalized key may be written.</summary>
    public static bool IsValidKey(string normalizedKey)
    {
        var length = 0;
        foreach (var rune in normalizedKey.EnumerateRunes())
        {
            var allowed = length == 0 ? Rune.IsLetterOrDigit(rune) : Rune.IsLetterOrDigit(rune) || IsMark(rune) || rune.Value is '_' or '-' or '.' or ':';
            if (!allowed || ++length > MaxKeyLength)
            {
                return false;
            }
        }

        return length > 0;
    }

    /// <summary>The value's compact UTF-8 size, or an error message when it may not be stored.</summary>
    public static string? ValueError(JsonElement? value)
    {
        if (value is null || value.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return "is required and must not be null";
        }

        long size;
        try
        {
            size = CompactUtf8Size(value.Value);
        }
        catch (InvalidOperationException)
        {
            // System.Text.Json refuses to decode an escaped lone surrogate ("\ud800"); PostgreSQL's jsonb refuses it too.
            return "must be valid Unicode text: a string holds a lone surrogate";
        }

        return size switch
        {
            < 0 => "must not contain the character U+0000, which PostgreSQL cannot store",
            > MaxValueBytes => $"must be at most {MaxValueBytes} bytes of compact JSON; it is {size}",
            _ => null,
        };
    }

    /// <summary>
    /// Bytes of <paramref name="value"/> written without whitespace, in UTF-8, escaping only what JSON requires
    /// (not the <c>\u00e9</c> escapes a default serializer writes for every non-ASCII character); -1 when a string holds U+0000.
    /// </summary>
    private static long CompactUtf8Size(JsonElement value)
    {
        long size = 2;
        var separators = -1L;
        switch (value.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var property in value.EnumerateObject())
                {
                    size = Add(Add(size, StringSize(property.Name)), Add(1, CompactUtf8Size(property.Value)));
                    separators++;
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in value.EnumerateArray())
                {
                    size = Add(size, CompactUtf8Size(item));
                    separators++;
                }

                break;
            case JsonValueKind.String:
                return StringSize(value.GetString()!);
            default:
                // Numbers, true, false and null are ASCII; their raw text has no whitespace.
                return value.GetRawText().Length;
        }

        return Add(size, Math.Max(separators, 0));
    }

    private static long Add(long size, long part) => size < 0 || part < 0 ? -1 : size + part;

    private static long StringSize(string text)
    {
        if (text.Contains('\0', StringComparison.Ordinal))
        {
            return -1;
        }

        long size = 2;
        foreach (var c in text)
        {
            size += c switch
            {
                '"' or '\\' or '\b' or '\f' or '\n' or '\r' or '\t' => 2,
                < ' ' => 6,
                < (char)0x80 => 1,
                < (char)0x800 => 2,
                _ when char.IsSurrogate(c) => 2, // a pair is 4 bytes
                _ => 3,
            };
        }

        return size;
    }

    // Combining marks belong to letters in scripts such as Devanagari ("हिंदी"), even after NFC.
    private static bool IsMark(Rune rune) => Rune.GetUnicodeCategory(rune) is
        UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
}
