namespace Hosting.ApplicationModel;

/// <summary>
/// Identifies a .NET project whose assembly sits in the host's output folder. The AppHost build
/// generates one <c>Projects.*</c> class per referenced project (see build/Hosting.AppHost.targets).
/// </summary>
public interface IProjectMetadata
{
    /// <summary>The assembly name, which is also the file name of the dll without extension.</summary>
    string AssemblyName { get; }
}

/// <summary>A .NET web project run as <c>dotnet {AssemblyName}.dll</c> from the host's output folder.</summary>
public sealed class ProjectResource : Resource
{
    public ProjectResource(string name, IProjectMetadata project) : base(name)
    {
        Project = project;
        Annotations.Add(new EndpointAnnotation("http", "http"));
    }

    public IProjectMetadata Project { get; }

    public EndpointAnnotation HttpEndpoint => AnnotationsOf<EndpointAnnotation>().First(e => e.Name == "http");
}
