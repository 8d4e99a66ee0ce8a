namespace Hosting.ApplicationModel;

/// <summary>A network endpoint of a resource. The port is chosen afresh for every run.</summary>
public sealed class EndpointAnnotation(string name, string scheme)
{
    public string Name { get; } = name;

    public string Scheme { get; } = scheme;

    /// <summary>The port the process listens on; 0 until the orchestrator allocates one.</summary>
    public int Port { get; internal set; }

    public string Host => "localhost";

    public bool IsAllocated => Port != 0;

    public Uri Url => IsAllocated
        ? new Uri($"{Scheme}://{Host}:{Port}")
        : throw new InvalidOperationException($"Endpoint '{Name}' has no port yet: start the application first.");
}

/// <summary>Adds variables to a resource's environment just before its process starts.</summary>
public sealed class EnvironmentCallbackAnnotation(Action<IDictionary<string, string>> callback)
{
    public Action<IDictionary<string, string>> Callback { get; } = callback;
}

/// <summary>The resource stays Waiting until <see cref="Dependency"/> is Running and Healthy.</summary>
public sealed record WaitAnnotation(IResource Dependency);

/// <summary>The orchestrator polls <see cref="Path"/> on the endpoint and expects <see cref="StatusCode"/>.</summary>
public sealed record HttpHealthCheckAnnotation(string Path, int StatusCode, string EndpointName);
