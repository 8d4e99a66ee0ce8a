namespace Hosting.ApplicationModel;

/// <summary>A named part of the distributed app; everything else about it lives in annotations.</summary>
public interface IResource
{
    string Name { get; }

    IList<object> Annotations { get; }
}

/// <summary>A resource that other resources can receive as <c>ConnectionStrings__{name}</c>.</summary>
public interface IResourceWithConnectionString : IResource
{
    /// <summary>The connection string, available once the resource has started.</summary>
    string? ConnectionString { get; }
}

/// <summary>A resource that lives inside another one (a database inside its server).</summary>
public interface IResourceWithParent : IResource
{
    IResource Parent { get; }
}

public abstract class Resource(string name) : IResource
{
    public string Name { get; } = ResourceNames.Validate(name);

    public IList<object> Annotations { get; } = [];

    public IEnumerable<T> AnnotationsOf<T>() => Annotations.OfType<T>();

    public override string ToString() => Name;
}
