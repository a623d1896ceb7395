using System.Net;
using System.Net.Sockets;

namespace Conformance.Suite.Tests.MultiNode;

/// <summary>A free TCP port on 127.0.0.1 (taken by the operating system, then released for the server to bind).</summary>
public static class FreePort
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
