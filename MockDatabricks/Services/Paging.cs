using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace MockDatabricks.Services;

/// <summary>
/// Unity Catalog paging: the page is cut from the full, ordered list first and only then filtered by what the
/// caller may see. A page can therefore be empty and still carry a <c>next_page_token</c>, as the real API's can.
/// </summary>
public static class Paging
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 1000;

    public sealed record Page<T>(IReadOnlyList<T> Items, string? NextPageToken);

    /// <summary>Null when the arguments are invalid (negative size or a token this list did not issue).</summary>
    public static Page<T>? Slice<T>(IReadOnlyList<T> all, Func<T, bool> visible, int? maxResults, string? pageToken, string listKey)
    {
        if (maxResults < 0)
        {
            return null;
        }

        var offset = 0;
        if (!string.IsNullOrEmpty(pageToken) && !TryDecode(pageToken, listKey, out offset))
        {
            return null;
        }

        // No max_results: everything at once (the legacy behaviour); 0: the server's page size.
        var size = maxResults switch { null => int.MaxValue, 0 => DefaultPageSize, var n => Math.Min(n.Value, MaxPageSize) };
        var slice = all.Skip(offset).Take(size).ToList();
        var next = (long)offset + slice.Count < all.Count ? Encode(listKey, offset + slice.Count) : null;
        return new(slice.Where(visible).ToList(), next);
    }

    private static string Encode(string listKey, int offset) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{listKey}:{offset.ToString(CultureInfo.InvariantCulture)}"));

    private static bool TryDecode(string token, string listKey, out int offset)
    {
        offset = 0;
        try
        {
            var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
            return text.StartsWith(listKey + ":", StringComparison.Ordinal)
                && int.TryParse(text.AsSpan(listKey.Length + 1), NumberStyles.None, CultureInfo.InvariantCulture, out offset);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
