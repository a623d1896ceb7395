using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Conformance.Checks.Time;

namespace Conformance.Runner.Tests.Time;

/// <summary>
/// A real chronyd answering NTP on a loopback port (chronyd -x never sets the system clock). With a local stratum it
/// serves its own clock as synchronised; without one it has no reference and says it is unsynchronised.
/// </summary>
public sealed class ChronydServer : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("conformance-chronyd-").FullName;
    private readonly Process _process;

    public ChronydServer(int? localStratum)
    {
        Port = UnusedUdpPort();
        string config = Path.Combine(_folder, "chrony.conf");
        File.WriteAllLines(config,
        [
            $"port {Port}",
            "bindaddress 127.0.0.1",
            "allow 127.0.0.1",
            "cmdport 0",
            $"pidfile {_folder}/chronyd.pid",
            $"driftfile {_folder}/drift",
            .. localStratum is { } stratum ? new[] { $"local stratum {stratum}" } : [],
        ]);
        const string binary = "/usr/sbin/chronyd";
        if (!File.Exists(binary))
        {
            throw new InvalidOperationException("chronyd is not installed: apt-get install chrony (scripts/install-test-dependencies.sh does this)");
        }

        _process = Process.Start(new ProcessStartInfo(binary, ["-x", "-d", "-f", config]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        WaitUntilAnswering();
    }

    public int Port { get; }

    public NtpServerAddress Address => new("127.0.0.1", Port);

    /// <summary>Any answer counts, an unsynchronised one too: the socket is up.</summary>
    private void WaitUntilAnswering()
    {
        for (DateTime until = DateTime.UtcNow.AddSeconds(10); DateTime.UtcNow < until; Thread.Sleep(100))
        {
            try
            {
                SntpClient.QueryAsync(Address, TimeSpan.FromMilliseconds(200)).GetAwaiter().GetResult();
                return;
            }
            catch (ClockReferenceException e) when (e.ServerUnsynchronised)
            {
                return;
            }
            catch (ClockReferenceException)
            {
            }
        }

        throw new InvalidOperationException($"chronyd did not answer NTP on {Address} within 10 s");
    }

    private static int UnusedUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}
