using System.Security.Cryptography;
using System.Text.Json;
using MockDatabricks.Model;

namespace MockDatabricks.Infrastructure;

/// <summary>Reads the embedded <c>reference-data.json</c> and fingerprints it, so a changed seed is reloaded.</summary>
public static class ReferenceDataLoader
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    public static (ReferenceData Data, string Version) Load()
    {
        using var stream = typeof(ReferenceDataLoader).Assembly.GetManifestResourceStream("MockDatabricks.reference-data.json")
            ?? throw new InvalidOperationException("reference-data.json is not embedded in MockDatabricks.");
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        var bytes = buffer.ToArray();
        var data = JsonSerializer.Deserialize<ReferenceData>(bytes, Options)
            ?? throw new InvalidOperationException("reference-data.json is empty.");
        return (data, Convert.ToHexStringLower(SHA256.HashData(bytes))[..16]);
    }
}
