using System.Text.RegularExpressions;

namespace Tests.Support;

/// <summary>
/// The security rule that no token reaches telemetry, checked over everything a topology sent to its dashboard during
/// the whole run: every span name and attribute, every log body and attribute. Tokens are recognised by shape: the
/// mock's PATs and OAuth tokens, and the <c>dapi</c> prefix of real PATs that tests make up.
/// </summary>
public static partial class TelemetryTokenAudit
{
    /// <summary>The prefixes of <see cref="TokenShape"/>: the dashboard searches all it holds for each.</summary>
    private static readonly string[] TokenPrefixes = ["mock-token-", "mock-oauth-", "dapi"];

    public static async Task VerifyAsync(DashboardTelemetry telemetry, CancellationToken cancellationToken)
    {
        // A run leaves far more than one read's newest 10,000 records, so the dashboard does the search over all of them
        // and only the candidates come back.
        var spans = new List<TelemetrySpan>();
        var logs = new List<TelemetryLog>();
        foreach (var prefix in TokenPrefixes)
        {
            spans.AddRange(await telemetry.SpansAsync(cancellationToken: cancellationToken, search: prefix));
            logs.AddRange(await telemetry.LogsAsync(cancellationToken: cancellationToken, search: prefix));
        }

        var leaks = spans
            .SelectMany(s => s.Attributes.Select(a => ($"span '{s.Name}' of {s.Service}, attribute {a.Key}", a.Value)).Append(($"span name of {s.Service}", s.Name)))
            .Concat(logs.SelectMany(l => l.Attributes.Select(a => ($"log of {l.Service}, attribute {a.Key}", a.Value)).Append(($"log body of {l.Service}", l.Body))))
            .Where(field => TokenShape().IsMatch(field.Item2))
            .Select(field => $"{field.Item1}: {TokenShape().Replace(field.Item2, "<token>")}")
            .Distinct()
            .ToList();
        if (leaks.Count > 0)
        {
            throw new InvalidOperationException(
                $"Tokens reached the dashboard ({spans.Count} spans and {logs.Count} log records hold a token's prefix):{Environment.NewLine}{string.Join(Environment.NewLine, leaks.Take(20))}");
        }
    }

    [GeneratedRegex(@"(mock-token-|mock-oauth-|dapi)[A-Za-z0-9_-]{4,}")]
    private static partial Regex TokenShape();
}
