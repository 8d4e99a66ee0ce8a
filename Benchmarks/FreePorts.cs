using System.Net;
using System.Net.Sockets;

namespace Benchmarks;

internal static class FreePorts
{
    /// <summary>Ports that were free a moment ago, each asked of the kernel, all different.</summary>
    public static IReadOnlyList<int> Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return [.. listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port)];
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
        }
    }
}
