using System.Reflection;

namespace Hosting.Testing;

/// <summary>
/// Starts the topology an AppHost declares, for tests. Defaults: the dashboard is off, resource console lines are
/// forwarded to logging (category <c>Hosting.Resources.{name}</c>), and the environment is Development.
/// </summary>
public static class DistributedApplicationTestingBuilder
{
    /// <summary>
    /// Runs the Main of the assembly that holds <typeparamref name="TEntryPoint"/> (the generated <c>Projects.*</c> class
    /// of the AppHost) up to its <c>Build()</c> call and returns that builder, with <paramref name="configuration"/> applied.
    /// </summary>
    public static async Task<IDistributedApplicationTestingBuilder> CreateAsync<TEntryPoint>(
        IReadOnlyDictionary<string, string?>? configuration = null, string[]? args = null, CancellationToken cancellationToken = default)
    {
        var entryPoint = typeof(TEntryPoint).Assembly.EntryPoint
            ?? throw new InvalidOperationException($"{typeof(TEntryPoint).Assembly.GetName().Name} has no entry point.");
        var options = TestDefaults(configuration);
        TestingHooks.Set(options);
        try
        {
            var result = entryPoint.Invoke(null, entryPoint.GetParameters().Length == 0 ? [] : [args ?? []]);
            if (result is Task task)
            {
                await task.WaitAsync(cancellationToken);
            }
        }
        catch (Exception e) when (Unwrap(e) is BuilderCapturedException)
        {
            // Main stopped at Build(), as intended.
        }
        finally
        {
            TestingHooks.Set(null);
        }

        return new TestingBuilder(options.CapturedBuilder
            ?? throw new InvalidOperationException($"{typeof(TEntryPoint).Assembly.GetName().Name}'s Main returned without calling Build()."));
    }

    /// <summary>An empty app model with the test defaults, for topologies written in test code.</summary>
    public static IDistributedApplicationTestingBuilder Create(IReadOnlyDictionary<string, string?>? configuration = null, string[]? args = null) =>
        new TestingBuilder(new DistributedApplicationBuilder(args ?? [], TestDefaults(configuration)));

    private static TestingOptions TestDefaults(IReadOnlyDictionary<string, string?>? configuration)
    {
        var options = new TestingOptions();
        options.Configuration["Dashboard:Enabled"] = "false";
        options.Configuration["Hosting:ResourceLogging"] = "true";
        foreach (var (key, value) in configuration ?? new Dictionary<string, string?>())
        {
            options.Configuration[key] = value;
        }

        return options;
    }

    private static Exception Unwrap(Exception e) => e switch
    {
        TargetInvocationException { InnerException: { } inner } => Unwrap(inner),
        AggregateException { InnerExceptions.Count: 1 } aggregate => Unwrap(aggregate.InnerExceptions[0]),
        _ => e,
    };

    private sealed class TestingBuilder(DistributedApplicationBuilder builder) : IDistributedApplicationTestingBuilder
    {
        public IDistributedApplicationBuilder Builder => builder;

        public Task<DistributedApplication> BuildAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(builder.BuildCore());
    }
}

public interface IDistributedApplicationTestingBuilder
{
    /// <summary>The AppHost's own builder: add services, loggers or resources before building.</summary>
    IDistributedApplicationBuilder Builder { get; }

    Task<DistributedApplication> BuildAsync(CancellationToken cancellationToken = default);
}
