using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace ReferenceTsa.Tests.Support;

/// <summary>
/// The faulty time source of the fault tests: a small NTP server (RFC 5905 server mode 4) on a loopback port that
/// answers every client request with the host's time shifted by <see cref="Offset"/>, as a server with a wrong
/// clock would. Stratum 2, small root delay and dispersion, so only the shift makes it wrong. chronyd cannot be told
/// to serve a shifted time without changing the host clock, hence this one.
/// </summary>
public sealed class LyingNtpServer : IDisposable
{
    private static readonly DateTimeOffset NtpEpoch = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly UdpClient _socket = new(new IPEndPoint(IPAddress.Loopback, 0));
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;
    private long _offsetTicks;

    public LyingNtpServer(TimeSpan offset)
    {
        Offset = offset;
        _serving = Task.Run(ServeAsync);
    }

    /// <summary>How far this server's answers are from the host's time; changeable while it runs.</summary>
    public TimeSpan Offset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
        set => Interlocked.Exchange(ref _offsetTicks, value.Ticks);
    }

    /// <summary>
    /// Starts smearing: from now on every answer runs <paramref name="secondsPerSecond"/> slower than the host clock,
    /// as a leap-smearing server does (1/86 400 for a 24-hour smear; tests use a faster rate).
    /// </summary>
    public void StartSmear(double secondsPerSecond)
    {
        lock (_smearLock)
        {
            _smear = (DateTimeOffset.UtcNow, secondsPerSecond);
        }
    }

    private readonly Lock _smearLock = new();
    private (DateTimeOffset Start, double Rate)? _smear;

    private TimeSpan Shift(DateTimeOffset at)
    {
        lock (_smearLock)
        {
            return _smear is { } smear ? Offset - TimeSpan.FromSeconds((at - smear.Start).TotalSeconds * smear.Rate) : Offset;
        }
    }

    public string Address => $"127.0.0.1:{((IPEndPoint)_socket.Client.LocalEndPoint!).Port}";

    private async Task ServeAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            UdpReceiveResult request;
            try
            {
                request = await _socket.ReceiveAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var now = DateTimeOffset.UtcNow;
            var received = now + Shift(now);
            if (request.Buffer.Length < 48 || (request.Buffer[0] & 0x7) != 3)
            {
                continue;
            }

            byte[] reply = new byte[48];
            reply[0] = (0 << 6) | (4 << 3) | 4; // LI 0, version 4, server mode
            reply[1] = 2; // stratum
            reply[2] = 6; // poll
            reply[3] = 0xEC; // precision 2^-20
            BinaryPrimitives.WriteUInt32BigEndian(reply.AsSpan(4), 0x0000_0020); // root delay ≈ 0.5 ms
            BinaryPrimitives.WriteUInt32BigEndian(reply.AsSpan(8), 0x0000_0041); // root dispersion ≈ 1 ms
            new byte[] { 192, 0, 2, 123 }.CopyTo(reply, 12); // reference ID: an IPv4 upstream (TEST-NET-1)
            WriteTimestamp(reply.AsSpan(16), received.AddSeconds(-16)); // reference
            request.Buffer.AsSpan(40, 8).CopyTo(reply.AsSpan(24)); // origin = the client's transmit
            WriteTimestamp(reply.AsSpan(32), received);
            now = DateTimeOffset.UtcNow;
            WriteTimestamp(reply.AsSpan(40), now + Shift(now));
            try
            {
                await _socket.SendAsync(reply, request.RemoteEndPoint, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
        }
    }

    private static void WriteTimestamp(Span<byte> destination, DateTimeOffset instant)
    {
        var since = instant - NtpEpoch;
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)(since.Ticks / TimeSpan.TicksPerSecond));
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], (uint)((ulong)(since.Ticks % TimeSpan.TicksPerSecond) * 0x1_0000_0000UL / TimeSpan.TicksPerSecond));
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        _serving.Wait(TimeSpan.FromSeconds(5));
        _stop.Dispose();
    }
}
