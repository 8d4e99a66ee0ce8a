using System.Text.Json;

namespace Lakebase.Service.Model;

/// <summary>A stored preference, as the API returns it.</summary>
public sealed record Preference(
    long Id,
    string UserId,
    string PreferenceKey,
    JsonElement? PreferenceValue,
    DateTime CreatedAt,
    DateTime UpdatedAt);
