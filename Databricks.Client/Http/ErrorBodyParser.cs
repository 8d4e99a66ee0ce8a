using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Databricks.Client;

/// <summary>
/// Reads every error shape the workspace is known to send (facts §1.1): the standard {error_code, message, details},
/// integer error codes, the API 1.2 {"error"} shape, SCIM errors, "CODE: message" text, HTML pages and empty bodies.
/// </summary>
internal static partial class ErrorBodyParser
{
    private const int MaxRawMessageLength = 1000;

    public static ParsedError Parse(HttpStatusCode status, string? reasonPhrase, string? body)
    {
        var reason = string.IsNullOrWhiteSpace(reasonPhrase) ? status.ToString() : reasonPhrase;
        var canonical = CanonicalErrorCodes.ForStatus((int)status);
        if (string.IsNullOrWhiteSpace(body))
        {
            return new(canonical, reason, null);
        }

        var trimmed = body.Trim();
        if (trimmed.StartsWith('{'))
        {
            var fromJson = TryParseJson(trimmed, canonical, (int)status);
            if (fromJson is not null)
            {
                return fromJson;
            }
        }

        if (trimmed.StartsWith('<'))
        {
            var text = HtmlText(trimmed);
            if (text is not null)
            {
                return new(reason.ToUpperInvariant().Replace(' ', '_'), text, null);
            }
        }

        var codeAndMessage = CodeColonMessage().Match(trimmed);
        if (codeAndMessage.Success)
        {
            return new(codeAndMessage.Groups["code"].Value, codeAndMessage.Groups["message"].Value.Trim(), null);
        }

        return new("UNKNOWN", Truncate(trimmed), null);
    }

    private static ParsedError? TryParseJson(string body, string canonical, int status)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            if (IsScimError(root))
            {
                return ScimError(root, status);
            }

            var code = StringProperty(root, "error_code") ?? canonical;
            var message = StringProperty(root, "message") ?? StringProperty(root, "error");
            if (message is null && StringProperty(root, "error_code") is null)
            {
                return new("UNKNOWN", Truncate(body), null);
            }

            return new(code, message ?? code, RequestIdFromDetails(root));
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool IsScimError(JsonElement root) =>
        root.TryGetProperty("schemas", out _) && root.TryGetProperty("detail", out _);

    private static ParsedError ScimError(JsonElement root, int status)
    {
        var scimStatus = root.TryGetProperty("status", out var statusValue) && statusValue.ValueKind == JsonValueKind.String
            ? statusValue.GetString()
            : status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var detail = StringProperty(root, "detail");
        if (detail is null or "null")
        {
            detail = "SCIM API Internal Error";
        }

        var scimType = StringProperty(root, "scimType");
        var message = string.IsNullOrEmpty(scimType) ? detail : $"{scimType} {detail}";
        return new($"SCIM_{scimStatus}", message, null);
    }

    private static string? RequestIdFromDetails(JsonElement root)
    {
        if (!root.TryGetProperty("details", out var details) || details.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        foreach (var detail in details.EnumerateArray())
        {
            if (detail.ValueKind == JsonValueKind.Object
                && StringProperty(detail, "@type")?.EndsWith("google.rpc.RequestInfo", StringComparison.Ordinal) == true)
            {
                return StringProperty(detail, "request_id");
            }
        }

        return null;
    }

    // Non-string values (the integer error codes of legacy auth paths) count as absent.
    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string? HtmlText(string html)
    {
        var match = PreElement().Match(html);
        if (!match.Success)
        {
            match = TitleElement().Match(html);
        }

        return match.Success ? WebUtility.HtmlDecode(match.Groups["text"].Value).Trim() : null;
    }

    private static string Truncate(string text) => text.Length <= MaxRawMessageLength ? text : text[..MaxRawMessageLength];

    [GeneratedRegex(@"^(?<code>[A-Z][A-Z0-9_]+):\s*(?<message>.*)$", RegexOptions.Singleline)]
    private static partial Regex CodeColonMessage();

    [GeneratedRegex(@"<pre[^>]*>(?<text>.*?)</pre>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex PreElement();

    [GeneratedRegex(@"<title[^>]*>(?<text>.*?)</title>", RegexOptions.Singleline | RegexOptions.IgnoreCase)]
    private static partial Regex TitleElement();
}

internal sealed record ParsedError(string ErrorCode, string Message, string? RequestId);
