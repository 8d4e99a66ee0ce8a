using Microsoft.Extensions.Configuration;

namespace Databricks.Client;

/// <summary>
/// Finds the workspace: DATABRICKS_HOST when set (normalised like the SDKs do), otherwise the "databricks" service
/// reference (<c>services:databricks:*</c>), which service discovery resolves per request. Null means not configured.
/// </summary>
internal static class DatabricksHostResolver
{
    public const string HostVariable = "DATABRICKS_HOST";
    public const string ServiceName = "databricks";

    public static Uri? Resolve(IConfiguration configuration)
    {
        var host = configuration[HostVariable];
        if (!string.IsNullOrWhiteSpace(host))
        {
            return Normalize(host);
        }

        var reference = configuration.GetSection($"services:{ServiceName}");
        if (!reference.Exists())
        {
            return null;
        }

        var httpsOnly = reference.GetSection("https").Exists() && !reference.GetSection("http").Exists();
        return new Uri(httpsOnly ? $"https://{ServiceName}" : $"http://{ServiceName}");
    }

    public static bool IsServiceReference(Uri? host) =>
        host is not null && string.Equals(host.Host, ServiceName, StringComparison.OrdinalIgnoreCase);

    /// <summary>Adds https:// when there is no scheme; drops a trailing slash and the default port.</summary>
    public static Uri Normalize(string host)
    {
        var text = host.Trim().TrimEnd('/');
        if (!text.Contains("://", StringComparison.Ordinal))
        {
            text = "https://" + text;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new InvalidOperationException($"{HostVariable} is not a valid workspace URL.");
        }

        return new Uri(uri.GetLeftPart(UriPartial.Authority));
    }
}
