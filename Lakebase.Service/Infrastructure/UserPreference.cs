using System.Text.Json;

namespace Lakebase.Service.Infrastructure;

/// <summary>One row of <c>preferences.user_preferences</c>: one key of one user.</summary>
public sealed class UserPreference
{
    public long Id { get; set; }

    public required string UserId { get; set; }

    public required string PreferenceKey { get; set; }

    /// <summary>The stored JSON, kept as a document: rows written by other tools may hold anything, even JSON null.</summary>
    public JsonDocument? PreferenceValue { get; set; }

    public DateTime CreatedAt { get; set; }

    public DateTime UpdatedAt { get; set; }
}
