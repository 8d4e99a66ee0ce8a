using Hosting.ApplicationModel;

namespace Hosting;

public static class ResourceBuilderExtensions
{
    public static IResourceBuilder<ProjectResource> WithEnvironment(
        this IResourceBuilder<ProjectResource> builder, string name, string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return builder.WithEnvironment(env => env[name] = value);
    }

    public static IResourceBuilder<ProjectResource> WithEnvironment(
        this IResourceBuilder<ProjectResource> builder, Action<IDictionary<string, string>> callback)
    {
        builder.Resource.Annotations.Add(new EnvironmentCallbackAnnotation(callback));
        return builder;
    }

    /// <summary>
    /// Injects <c>ConnectionStrings__{name}</c> and the connection properties
    /// (<c>{NAME}_HOST</c>, <c>_PORT</c>, <c>_USERNAME</c>, <c>_PASSWORD</c>, <c>_DATABASENAME</c>, <c>_URI</c>).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithReference<TSource>(
        this IResourceBuilder<ProjectResource> builder, IResourceBuilder<TSource> source, string? connectionName = null)
        where TSource : IResourceWithConnectionString
    {
        var resource = source.Resource;
        var name = connectionName ?? resource.Name;
        return builder.WithEnvironment(env =>
        {
            var connectionString = resource.ConnectionString
                ?? throw new InvalidOperationException($"'{resource.Name}' has no connection string yet.");
            env[$"ConnectionStrings__{name}"] = connectionString;
            foreach (var (property, value) in ConnectionProperties.Of(connectionString))
            {
                env[$"{ResourceNames.ToEnvironmentPrefix(name)}_{property}"] = value;
            }
        });
    }

    /// <summary>
    /// Service discovery: injects <c>services__{name}__{endpoint}__0</c> and <c>{NAME}_{ENDPOINT}</c> for every
    /// endpoint of the referenced project.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithReference(
        this IResourceBuilder<ProjectResource> builder, IResourceBuilder<ProjectResource> source)
    {
        var resource = source.Resource;
        return builder.WithEnvironment(env =>
        {
            foreach (var endpoint in resource.AnnotationsOf<EndpointAnnotation>())
            {
                var url = endpoint.Url.ToString().TrimEnd('/');
                env[$"services__{resource.Name}__{endpoint.Name}__0"] = url;
                env[$"{ResourceNames.ToEnvironmentPrefix(resource.Name)}_{endpoint.Name.ToUpperInvariant()}"] = url;
            }
        });
    }

    /// <summary>Keeps the resource Waiting until <paramref name="dependency"/> is Running and Healthy.</summary>
    public static IResourceBuilder<T> WaitFor<T>(this IResourceBuilder<T> builder, IResourceBuilder<IResource> dependency)
        where T : IResource
    {
        if (ReferenceEquals(builder.Resource, dependency.Resource))
        {
            throw new ArgumentException($"'{builder.Resource.Name}' cannot wait for itself.", nameof(dependency));
        }

        builder.Resource.Annotations.Add(new WaitAnnotation(dependency.Resource));
        return builder;
    }

    /// <summary>The orchestrator polls this path; the resource is Healthy while it answers <paramref name="statusCode"/>.</summary>
    public static IResourceBuilder<ProjectResource> WithHttpHealthCheck(
        this IResourceBuilder<ProjectResource> builder, string path = "/health", int statusCode = 200, string endpointName = "http")
    {
        if (!path.StartsWith('/'))
        {
            throw new ArgumentException("The health-check path must start with '/'.", nameof(path));
        }

        builder.Resource.Annotations.Add(new HttpHealthCheckAnnotation(path, statusCode, endpointName));
        return builder;
    }
}
