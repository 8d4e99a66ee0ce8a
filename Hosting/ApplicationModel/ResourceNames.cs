using System.Text.RegularExpressions;

namespace Hosting.ApplicationModel;

/// <summary>Aspire's naming rule: an ASCII letter first, then letters, digits and single hyphens, at most 64.</summary>
public static partial class ResourceNames
{
    public static string Validate(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length > 64 || !ValidName().IsMatch(name))
        {
            throw new ArgumentException(
                $"Resource name '{name}' is invalid: use an ASCII letter first, then letters, digits and single hyphens (at most 64, no hyphen at the end).",
                nameof(name));
        }

        return name;
    }

    /// <summary>The environment-variable form of a name: <c>lakebase-api</c> becomes <c>LAKEBASE_API</c>.</summary>
    public static string ToEnvironmentPrefix(string name) => name.Replace('-', '_').ToUpperInvariant();

    [GeneratedRegex("^[A-Za-z](?:-?[A-Za-z0-9])*$")]
    private static partial Regex ValidName();
}
