using System.Buffers;

namespace ServiceDefaults.Correlation;

/// <summary>The correlation-id rules of api-contract.md §1.2.</summary>
public static class CorrelationId
{
    public const string HeaderName = "X-Correlation-ID";

    /// <summary>The span attribute that carries the id on the request's activity.</summary>
    public const string ActivityTagName = "correlation.id";

    public const int MaxLength = 64;

    private static readonly SearchValues<char> AllowedCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-");

    /// <summary>True when <paramref name="candidate"/> is 1–64 characters of <c>[A-Za-z0-9._-]</c>.</summary>
    public static bool IsValid(string? candidate) =>
        candidate is { Length: > 0 and <= MaxLength } && !candidate.AsSpan().ContainsAnyExcept(AllowedCharacters);

    /// <summary>A new id: a version 7 UUID, so ids sort by the time they were made.</summary>
    public static string CreateNew() => Guid.CreateVersion7().ToString();
}
