using Aspire.Hosting;
using Xunit.Abstractions;

namespace Tests.Support;

/// <summary>
/// Base of every test that runs against the shared AppHost topology: it routes the topology's logs and resource
/// console lines into this test's output. Derived classes carry <c>[Collection(TopologyCollection.Name)]</c>.
/// </summary>
public abstract class TopologyTest : IDisposable
{
    private readonly IDisposable _output;

    protected TopologyTest(TopologyFixture topology, ITestOutputHelper output)
    {
        Topology = topology;
        _output = topology.AttachOutput(output);
    }

    protected TopologyFixture Topology { get; }

    protected DistributedApplication App => Topology.App;

    public void Dispose()
    {
        _output.Dispose();
        GC.SuppressFinalize(this);
    }
}
