using System.Net;
using System.Net.Sockets;

namespace Hosting.Orchestration;

/// <summary>
/// Picks a port the kernel reports free right now. Another process can still take it before the resource binds it
/// (the check-then-bind race of Aspire #4037), so runners detect a bind failure and ask again.
/// </summary>
internal class PortAllocator
{
    public virtual int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
