using Hosting.ApplicationModel;

namespace Hosting;

/// <summary>The resources an AppHost declared, in declaration order.</summary>
public sealed class DistributedApplicationModel(IReadOnlyList<IResource> resources)
{
    public IReadOnlyList<IResource> Resources { get; } = resources;
}
