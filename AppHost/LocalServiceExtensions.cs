using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AppHost;

public static class LocalServiceExtensions
{
    /// <summary>
    /// A service of this app as DCP runs it here: an HTTP endpoint on a free port that the service binds itself
    /// (no proxy in front of it), the AppHost's environment, a <c>/health</c> check, and a start from the build output.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AsLocalService(this IResourceBuilder<ProjectResource> project) => project
        .WithHttpEndpoint(isProxied: false)
        // What a service's own launch profile would give it: the AppHost's environment (Development under dotnet run).
        .WithEnvironment("ASPNETCORE_ENVIRONMENT", project.ApplicationBuilder.Environment.EnvironmentName)
        .WithPromptHttpHealthCheck("/health")
        .LaunchFromBuildOutput();

    /// <summary>Aspire's HTTP health check on the http endpoint, without its up-to-one-second lag at start-up (<see cref="PromptHttpHealthCheck"/>).</summary>
    public static IResourceBuilder<ProjectResource> WithPromptHttpHealthCheck(this IResourceBuilder<ProjectResource> project, string path)
    {
        var endpoint = project.GetEndpoint("http");
        var key = $"{project.Resource.Name}_http_{path}_check";
        project.ApplicationBuilder.Services.AddHealthChecks().Add(new HealthCheckRegistration(
            key, _ => new PromptHttpHealthCheck(endpoint, path), failureStatus: null, tags: null));
        return project.WithHealthCheck(key);
    }

    /// <summary>
    /// Starts the project as <c>dotnet exec bin/&lt;configuration&gt;/&lt;tfm&gt;/X.dll</c> instead of DCP's
    /// <c>dotnet run --no-build</c>, which evaluates the project with MSBuild first (about 2 s per service on two
    /// cores). It runs the same files from the same folder. Without a build output, DCP's default stays.
    /// </summary>
    public static IResourceBuilder<ProjectResource> LaunchFromBuildOutput(this IResourceBuilder<ProjectResource> project)
    {
        var configuration = project.ApplicationBuilder.AppHostAssembly?.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";
        var targetFramework = $"net{Environment.Version.Major}.{Environment.Version.Minor}";
#pragma warning disable ASPIREEXTENSION001 // Experimental: the launch tool's own arguments.
        return project.WithLaunchToolArgs(context =>
        {
            var projectPath = project.Resource.GetProjectMetadata().ProjectPath;
            var assembly = Path.Combine(Path.GetDirectoryName(projectPath)!, "bin", configuration, targetFramework,
                Path.GetFileNameWithoutExtension(projectPath) + ".dll");
            if (File.Exists(assembly))
            {
                context.Args.Add("exec");
                context.Args.Add(assembly);
            }
        });
#pragma warning restore ASPIREEXTENSION001
    }
}
