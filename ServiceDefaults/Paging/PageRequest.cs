using System.Globalization;

namespace ServiceDefaults.Paging;

/// <summary>
/// <c>limit</c> and <c>offset</c> of a list request (api-contract.md §1.4). They are parsed here rather than bound,
/// so that a bad value gets the service's own error code with <c>errors.limit</c> or <c>errors.offset</c>.
/// </summary>
public readonly record struct PageRequest(int Limit, int Offset)
{
    public const int MaxLimit = 1000;
    public const int MaxOffset = 10_000_000;

    /// <returns>The page, or the validation messages by field name.</returns>
    public static (PageRequest Page, Dictionary<string, string[]>? Errors) Parse(string? limit, string? offset, int defaultLimit)
    {
        var errors = new Dictionary<string, string[]>();
        var parsedLimit = ParseField(limit, defaultLimit, 1, MaxLimit, "limit", errors);
        var parsedOffset = ParseField(offset, 0, 0, MaxOffset, "offset", errors);
        return (new PageRequest(parsedLimit, parsedOffset), errors.Count == 0 ? null : errors);
    }

    private static int ParseField(string? text, int fallback, int min, int max, string name, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrEmpty(text))
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors[name] = [$"must be an integer from {min} to {max}"];
        return fallback;
    }
}
