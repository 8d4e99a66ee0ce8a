using System.Text.Json;

namespace Lakebase.Service.Model;

/// <summary>Body of <c>POST /api/lakebase/preferences</c>.</summary>
public sealed record SavePreferenceRequest(string? PreferenceKey, JsonElement? PreferenceValue);

/// <summary>Body of <c>PUT /api/lakebase/preferences/{key}</c>.</summary>
public sealed record UpdatePreferenceRequest(JsonElement? PreferenceValue);
