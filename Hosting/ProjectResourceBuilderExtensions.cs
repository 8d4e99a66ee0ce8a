using Hosting.ApplicationModel;

namespace Hosting;

public static class ProjectResourceBuilderExtensions
{
    /// <summary>
    /// Adds a project that the host references. <typeparamref name="TProject"/> is one of the <c>Projects.*</c>
    /// classes the build generates for every <c>ProjectReference</c> marked <c>IsHostedProject="true"</c>.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AddProject<TProject>(this IDistributedApplicationBuilder builder, string name)
        where TProject : IProjectMetadata, new() =>
        builder.AddResource(new ProjectResource(name, new TProject()));
}
