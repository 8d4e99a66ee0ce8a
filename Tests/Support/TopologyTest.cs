using Aspire.Hosting;
using Xunit.Abstractions;

namespace Tests.Support;

/// <summary>
/// Base of every test that runs against the shared AppHost topology. Test classes run side by side, each test as a
/// fresh caller; a class marked <see cref="ExclusiveAttribute"/> runs each of its tests alone. The topology's logs and
/// resource console lines go to the output of every test running at that moment.
/// </summary>
public abstract class TopologyTest : IClassFixture<TopologyFixture>, IAsyncLifetime, IDisposable
{
    private readonly IDisposable _output;
    private IDisposable? _turn;

    protected TopologyTest(TopologyFixture topology, ITestOutputHelper output)
    {
        Topology = topology;
        _output = topology.AttachOutput(output);
    }

    protected TopologyFixture Topology { get; }

    protected DistributedApplication App => Topology.App;

    public virtual async Task InitializeAsync() =>
        _turn = await Topology.EnterAsync(exclusive: GetType().IsDefined(typeof(ExclusiveAttribute), inherit: true));

    public virtual Task DisposeAsync()
    {
        _turn?.Dispose();
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        _output.Dispose();
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// The class's tests change what every caller of the topology sees (they stop PostgreSQL, or inject a fault that no
/// single caller can own), so each runs while no other topology test does.
/// </summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class ExclusiveAttribute : Attribute;
