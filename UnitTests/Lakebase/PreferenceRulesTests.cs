using System.Text;
using System.Text.Json;
using Lakebase.Service.Services;

namespace UnitTests.Lakebase;

public sealed class PreferenceRulesTests
{
    [Fact]
    public void A_key_is_stored_in_NFC_form()
    {
        PreferenceRules.Normalize("cafe\u0301").Should().Be("caf\u00e9");
        PreferenceRules.Normalize("caf\u00e9").Should().Be("caf\u00e9");
    }

    [Theory]
    [InlineData(null, false)]
    [InlineData("", false)]
    [InlineData("theme", false)]
    [InlineData("the\0me", true)]
    [InlineData("\0", true)]
    public void Only_text_with_U0000_cannot_be_stored(string? text, bool cannotBeStored) =>
        PreferenceRules.CannotBeStored(text).Should().Be(cannotBeStored);

    [Theory]
    [InlineData("a")]
    [InlineData("7")]
    [InlineData("theme")]
    [InlineData("unity_catalog.defaults")]
    [InlineData("a_b")]
    [InlineData("a-b")]
    [InlineData("a.b")]
    [InlineData("a:b")]
    [InlineData("ui:theme.v2_dark-mode")]
    [InlineData("2024-report")]
    [InlineData("日本語のキー")]
    [InlineData("café")]
    [InlineData("हिंदी")]
    [InlineData("a\u0301")] // a non-spacing mark after the first character
    [InlineData("a\u0903")] // a spacing combining mark
    [InlineData("a\u20dd")] // an enclosing mark
    [InlineData("\U0001d49c\U0001d49e")] // letters outside the BMP
    public void Letters_and_digits_of_any_script_then_marks_and_separators_make_a_valid_key(string key) =>
        PreferenceRules.IsValidKey(key).Should().BeTrue();

    [Theory]
    [InlineData("")]
    [InlineData("_theme")]
    [InlineData("-theme")]
    [InlineData(".theme")]
    [InlineData(":theme")]
    [InlineData("\u0301a")] // a mark cannot come first
    [InlineData("a b")]
    [InlineData("a/b")]
    [InlineData("a!")]
    [InlineData("a\tb")]
    [InlineData("a\0")]
    [InlineData("a😀")]
    public void Anything_else_is_not_a_valid_key(string key) =>
        PreferenceRules.IsValidKey(key).Should().BeFalse();

    [Fact]
    public void A_key_may_have_128_characters_but_not_129()
    {
        PreferenceRules.IsValidKey(new string('k', PreferenceRules.MaxKeyLength)).Should().BeTrue();
        PreferenceRules.IsValidKey(new string('k', PreferenceRules.MaxKeyLength + 1)).Should().BeFalse();
    }

    [Fact]
    public void Key_length_counts_characters_not_UTF16_units()
    {
        var script = string.Concat(Enumerable.Repeat("\U0001d49c", PreferenceRules.MaxKeyLength));

        PreferenceRules.IsValidKey(script).Should().BeTrue();
        PreferenceRules.IsValidKey(script + "\U0001d49c").Should().BeFalse();
    }

    [Fact]
    public void A_missing_or_null_value_is_required()
    {
        PreferenceRules.ValueError(null).Should().Be("is required and must not be null");
        PreferenceRules.ValueError(Json("null")).Should().Be("is required and must not be null");
        PreferenceRules.ValueError(default(JsonElement)).Should().Be("is required and must not be null");
    }

    [Theory]
    [InlineData("0")]
    [InlineData("false")]
    [InlineData("\"\"")]
    [InlineData("[]")]
    [InlineData("{}")]
    [InlineData("""{"theme":"dark","sizes":[1,2.5,null,true]}""")]
    public void Any_other_JSON_value_may_be_stored(string json) =>
        PreferenceRules.ValueError(Json(json)).Should().BeNull();

    [Theory]
    [InlineData("\"a\\u0000b\"")]
    [InlineData("""["ok","\u0000"]""")]
    [InlineData("""{"ok":1,"k":"\u0000"}""")]
    [InlineData("""{"\u0000":1}""")]
    [InlineData("""{"a":{"b":["c","\u0000",1]}}""")]
    public void A_value_holding_U0000_anywhere_is_refused(string json) =>
        PreferenceRules.ValueError(Json(json)).Should().Be("must not contain the character U+0000, which PostgreSQL cannot store");

    [Theory]
    [InlineData("\"\\ud800\"")]
    [InlineData("""{"a":["\udc00"]}""")]
    public void A_value_holding_a_lone_surrogate_is_refused(string json) =>
        PreferenceRules.ValueError(Json(json)).Should().Be("must be valid Unicode text: a string holds a lone surrogate");

    [Fact]
    public void A_value_may_have_64_KiB_of_compact_JSON_but_not_one_byte_more()
    {
        // A string of n ASCII letters is n + 2 bytes with its quotes.
        PreferenceRules.ValueError(JsonString(new string('a', PreferenceRules.MaxValueBytes - 2))).Should().BeNull();
        PreferenceRules.ValueError(JsonString(new string('a', PreferenceRules.MaxValueBytes - 1)))
            .Should().Be("must be at most 65536 bytes of compact JSON; it is 65537");
    }

    [Theory]
    [InlineData("1", 1)]
    [InlineData("-12.5e3", 7)]
    [InlineData("true", 4)]
    [InlineData("false", 5)]
    [InlineData("\"\"", 2)]
    [InlineData("\"abc\"", 5)]
    [InlineData("[]", 2)]
    [InlineData("[1]", 3)]
    [InlineData("[1,2]", 5)]
    [InlineData("[ 1 , 2 , 3 ]", 7)]
    [InlineData("{}", 2)]
    [InlineData("""{"a":1}""", 7)]
    [InlineData("""{ "a" : 1 , "bc" : [ true , null ] }""", 24)]
    [InlineData("""[[],{},[[]]]""", 12)]
    public void The_size_is_that_of_the_JSON_written_without_whitespace(string json, long expected) =>
        CompactSize(json).Should().Be(expected);

    [Theory]
    [InlineData("\" \"", 3)] // space: one byte
    [InlineData("\"~\\u007f\"", 4)] // the rest of ASCII: one byte each
    [InlineData("\"\\\"\"", 4)] // a quote is escaped: two bytes
    [InlineData("\"\\\\\"", 4)] // a backslash too
    [InlineData("\"\\b\\f\\n\\r\\t\"", 12)] // the short escapes: two bytes each
    [InlineData("\"\\u0001\\u001f\"", 14)] // other control characters: \u00XX, six bytes each
    [InlineData("\"\\u0080\\u07ff\"", 6)] // two UTF-8 bytes each
    [InlineData("\"\\u0800€日\"", 11)] // three UTF-8 bytes each
    [InlineData("\"😀\"", 6)] // a surrogate pair: four UTF-8 bytes
    [InlineData("""{"é":"日"}""", 12)] // keys count like strings
    public void Strings_count_their_UTF8_bytes_and_only_the_escapes_JSON_requires(string json, long expected) =>
        CompactSize(json).Should().Be(expected);

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();

    private static JsonElement JsonString(string text) => JsonSerializer.SerializeToElement(text);

    /// <summary>
    /// The compact size of <paramref name="json"/>, read from the refusal of an array that holds it after a string that
    /// alone fills the limit: <c>["aaa…",X]</c> is 2 + (limit + 2) + 1 + size(X) bytes.
    /// </summary>
    private static long CompactSize(string json)
    {
        var padding = new string('a', PreferenceRules.MaxValueBytes);
        var error = PreferenceRules.ValueError(Json($"[\"{padding}\",{json}]"));
        error.Should().StartWith("must be at most 65536 bytes of compact JSON; it is ");
        var total = long.Parse(error!["must be at most 65536 bytes of compact JSON; it is ".Length..], System.Globalization.CultureInfo.InvariantCulture);
        return total - (2 + PreferenceRules.MaxValueBytes + 2 + 1);
    }
}
