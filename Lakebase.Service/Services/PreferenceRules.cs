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

        var size = JsonSerializer.SerializeToUtf8Bytes(value.Value).Length;
        return size > MaxValueBytes ? $"must be at most {MaxValueBytes} bytes of compact JSON; it is {size}" : null;
    }

    // Combining marks belong to letters in scripts such as Devanagari ("हिंदी"), even after NFC.
    private static bool IsMark(Rune rune) => Rune.GetUnicodeCategory(rune) is
        UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark;
}
