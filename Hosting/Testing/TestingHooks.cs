namespace Hosting.Testing;

/// <summary>What the testing builder changes in an AppHost's builder: configuration first of all.</summary>
internal sealed class TestingOptions
{
    public Dictionary<string, string?> Configuration { get; } = new(StringComparer.OrdinalIgnoreCase);

    public DistributedApplicationBuilder? CapturedBuilder { get; set; }
}

/// <summary>
/// Lets the testing builder run an AppHost's real Main and take its builder at <c>Build()</c>, so the topology is
/// declared once, in the AppHost, and never copied into tests.
/// </summary>
internal static class TestingHooks
{
    private static readonly AsyncLocal<TestingOptions?> Active = new();

    public static TestingOptions? Current => Active.Value;

    public static void Set(TestingOptions? options) => Active.Value = options;

    public static void OnBuild(DistributedApplicationBuilder builder)
    {
        if (builder.Testing is { CapturedBuilder: null } testing && ReferenceEquals(Current, testing))
        {
            testing.CapturedBuilder = builder;
            throw new BuilderCapturedException();
        }
    }
}

/// <summary>Ends the AppHost's Main at <c>Build()</c> once the testing builder has its builder.</summary>
internal sealed class BuilderCapturedException : Exception
{
    public BuilderCapturedException() : base("The testing builder captured the AppHost's builder.")
    {
    }
}
