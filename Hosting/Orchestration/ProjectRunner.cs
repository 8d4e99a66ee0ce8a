using Hosting.ApplicationModel;
using Microsoft.Extensions.Hosting;

namespace Hosting.Orchestration;

/// <summary>
/// Runs a project as <c>dotnet {Assembly}.dll</c> from the host's own output folder: the dlls that coverlet
/// instrumented in a test run. Its content root is <c>hosted/{Assembly}/</c>, where only its own settings are.
/// </summary>
internal sealed class ProjectRunner(
    ProjectResource project,
    ResourceLoggerService logs,
    PortAllocator ports,
    HttpClient healthClient,
    IHostEnvironment hostEnvironment,
    OtlpSettings otlp) : ProcessRunner(project, logs)
{
    private readonly string _instanceId = RandomSuffix();

    public override string Type => "Project";

    public override IReadOnlyList<string> Urls => [project.HttpEndpoint.Url.ToString().TrimEnd('/')];

    /// <summary>The environment the process was last started with.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; private set; } = new Dictionary<string, string>();

    protected override int StopSignal => ChildProcess.SigTerm;

    protected override ProcessCommand CreateCommand()
    {
        var baseDirectory = AppContext.BaseDirectory;
        var assembly = Path.Combine(baseDirectory, project.Project.AssemblyName + ".dll");
        if (!File.Exists(assembly))
        {
            throw new ResourceStartException(
                $"'{project.Name}': {project.Project.AssemblyName}.dll is not in {baseDirectory}. Reference the project from the host project.");
        }

        var contentRoot = Path.Combine(baseDirectory, "hosted", project.Project.AssemblyName);
        if (!Directory.Exists(contentRoot))
        {
            contentRoot = baseDirectory;
        }

        Environment = ProjectEnvironment.Build(project, contentRoot, _instanceId, hostEnvironment, otlp);
        var dotnet = System.Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } hostPath ? hostPath : "dotnet";
        return new ProcessCommand(dotnet, [assembly], contentRoot, Environment, ProjectEnvironment.InheritedVariablesToDrop());
    }

    protected override async Task<bool> IsReadyAsync(CancellationToken cancellationToken) => await CheckHealthAsync(cancellationToken);

    public override async Task<bool> CheckHealthAsync(CancellationToken cancellationToken)
    {
        var checks = project.AnnotationsOf<HttpHealthCheckAnnotation>().ToList();
        foreach (var check in checks)
        {
            var endpoint = project.AnnotationsOf<EndpointAnnotation>().Single(e => e.Name == check.EndpointName);
            try
            {
                using var response = await healthClient.GetAsync(new Uri(endpoint.Url, check.Path), cancellationToken);
                if ((int)response.StatusCode != check.StatusCode)
                {
                    return false;
                }
            }
            catch (HttpRequestException)
            {
                return false;
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }

        return true;
    }

    protected override bool TryMoveToNewPort()
    {
        project.HttpEndpoint.Port = ports.Next();
        return true;
    }

    private static string RandomSuffix()
    {
        Span<char> suffix = stackalloc char[8];
        for (var i = 0; i < suffix.Length; i++)
        {
            suffix[i] = (char)('a' + System.Security.Cryptography.RandomNumberGenerator.GetInt32(26));
        }

        return new string(suffix);
    }
}
