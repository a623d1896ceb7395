using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace ReferenceTsa.Tests.Support;

/// <summary>
/// A real chronyd serving NTP on a loopback port (`chronyd -x`: it never touches the system clock), as the TSA's
/// time source in tests. Stopping and starting it is how the tests take the time source away and give it back.
/// </summary>
public sealed class Chronyd : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("chronyd-").FullName;
    private Process? _process;

    /// <param name="commandPort">Also answer chronyc monitoring commands (tracking) on a loopback UDP port.</param>
    public Chronyd(bool commandPort = false)
    {
        Port = FreeUdpPort();
        CommandPort = commandPort ? FreeUdpPort() : 0;
        File.WriteAllText(Path.Combine(_directory, "chrony.conf"), $"""
            port {Port}
            bindaddress 127.0.0.1
            allow 127.0.0.1
            local stratum 3
            cmdport {CommandPort}
            bindcmdaddress 127.0.0.1
            bindcmdaddress /
            pidfile {_directory}/chronyd.pid
            driftfile {_directory}/drift
            """);
        Start();
    }

    public int Port { get; }

    public string Address => $"127.0.0.1:{Port}";

    /// <summary>chronyd's command port (0 when not asked for).</summary>
    public int CommandPort { get; }

    /// <summary>This chronyd's tracking data as a Tsa:Clock:Sources entry.</summary>
    public string TrackingSource => $"chrony:127.0.0.1:{CommandPort}";

    public static string Binary => File.Exists("/usr/sbin/chronyd") ? "/usr/sbin/chronyd"
        : throw new InvalidOperationException("chronyd is not installed: apt-get install chrony (scripts/install-test-dependencies.sh does this)");

    public void Start()
    {
        _process = Process.Start(new ProcessStartInfo(Binary, ["-x", "-d", "-f", Path.Combine(_directory, "chrony.conf")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        })!;
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        // Wait until it answers NTP.
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                ReferenceTsa.Clock.SntpClient.QueryAsync(Address, TimeProvider.System, TimeSpan.FromMilliseconds(200), CancellationToken.None).GetAwaiter().GetResult();
                return;
            }
            catch (Exception e) when (e is TimeoutException or SocketException or InvalidDataException)
            {
                Thread.Sleep(100);
            }
        }

        throw new InvalidOperationException($"chronyd did not start serving NTP on {Address}");
    }

    public void Stop()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            _process.WaitForExit(5000);
        }

        _process?.Dispose();
        _process = null;
        File.Delete(Path.Combine(_directory, "chronyd.pid"));
    }

    private static int FreeUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    public void Dispose()
    {
        Stop();
        Directory.Delete(_directory, recursive: true);
    }
}
