using Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;

namespace Hosting.Orchestration;

/// <summary>Where services send telemetry; empty until the host runs an OTLP receiver.</summary>
internal sealed record OtlpSettings(string? Endpoint);

/// <summary>The environment contract of aspire-compat.md §2 and §9.1, exactly as a service receives it.</summary>
internal static class ProjectEnvironment
{
    /// <summary>
    /// Aspire does not pass these on from the host. We also drop inherited connection strings and service-discovery
    /// entries, so that a service is wired by its references and nothing else.
    /// </summary>
    public static IReadOnlyList<string> InheritedVariablesToDrop() =>
    [
        "ASPNETCORE_URLS", "DOTNET_LAUNCH_PROFILE", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT",
        .. System.Environment.GetEnvironmentVariables().Keys.Cast<string>()
            .Where(k => k.StartsWith("ConnectionStrings__", StringComparison.OrdinalIgnoreCase) || k.StartsWith("services__", StringComparison.OrdinalIgnoreCase)),
    ];

    public static Dictionary<string, string> Build(ProjectResource project, string contentRoot, string instanceId, IHostEnvironment host, OtlpSettings otlp)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ASPNETCORE_URLS"] = string.Join(';', project.AnnotationsOf<EndpointAnnotation>().Select(e => e.Url.ToString().TrimEnd('/'))),
            ["ASPNETCORE_ENVIRONMENT"] = host.EnvironmentName,
            ["ASPNETCORE_CONTENTROOT"] = contentRoot,
            ["OTEL_SERVICE_NAME"] = project.Name,
            ["OTEL_RESOURCE_ATTRIBUTES"] = $"service.instance.id={instanceId}",
            ["OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"] = "in_memory",
            ["DOTNET_SYSTEM_CONSOLE_ALLOW_ANSI_COLOR_REDIRECTION"] = "true",
            ["LOGGING__CONSOLE__FORMATTERNAME"] = "simple",
        };

        if (otlp.Endpoint is { } endpoint)
        {
            env["OTEL_EXPORTER_OTLP_ENDPOINT"] = endpoint;
            env["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf";
        }

        if (host.IsDevelopment())
        {
            env["OTEL_BLRP_SCHEDULE_DELAY"] = "1000";
            env["OTEL_BSP_SCHEDULE_DELAY"] = "1000";
            env["OTEL_METRIC_EXPORT_INTERVAL"] = "1000";
            env["OTEL_TRACES_SAMPLER"] = "always_on";
            env["OTEL_METRICS_EXEMPLAR_FILTER"] = "trace_based";
            env["OTEL_DOTNET_EXPERIMENTAL_ASPNETCORE_DISABLE_URL_QUERY_REDACTION"] = "true";
            env["OTEL_DOTNET_EXPERIMENTAL_HTTPCLIENT_DISABLE_URL_QUERY_REDACTION"] = "true";
        }

        foreach (var annotation in project.AnnotationsOf<EnvironmentCallbackAnnotation>())
        {
            annotation.Callback(env);
        }

        return env;
    }
}
