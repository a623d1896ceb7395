using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Conformance.Targets.Reference.Operator;

/// <summary>
/// A UTC source the operator controls: a minimal NTPv4 server (RFC 5905 server mode, answering client-mode requests)
/// on a loopback UDP port. It serves this machine's clock, optionally shifted by <see cref="Offset"/>, and can stop
/// answering altogether. The reference TSA's own clock gate polls it like any NTP server, so TSP-REF-001 and -005
/// exercise the real gate, not a stand-in.
/// </summary>
internal sealed class LoopbackTimeSource : IAsyncDisposable
{
    private static readonly DateTimeOffset NtpEpoch = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _offsetTicks;
    private volatile bool _answering = true;

    public LoopbackTimeSource()
    {
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        Address = $"127.0.0.1:{((IPEndPoint)_socket.LocalEndPoint!).Port}";
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>host:port, as the TSA's Tsa:Clock:Sources takes it.</summary>
    public string Address { get; }

    public bool Answering
    {
        get => _answering;
        set => _answering = value;
    }

    public TimeSpan Offset
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));
        set => Interlocked.Exchange(ref _offsetTicks, value.Ticks);
    }

    private async Task ServeAsync()
    {
        byte[] buffer = new byte[512];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult received;
            try
            {
                received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                if (_stop.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            DateTimeOffset arrival = DateTimeOffset.UtcNow + Offset;
            if (!_answering || received.ReceivedBytes < 48 || (buffer[0] & 0x7) != 3)
            {
                continue; // an outage: silence, as a dead server gives
            }

            byte[] reply = new byte[48];
            int version = (buffer[0] >> 3) & 0x7;
            reply[0] = (byte)((0 << 6) | (version << 3) | 4); // leap indicator 0 (synchronised), server mode
            reply[1] = 2; // stratum 2: synchronised to a primary source
            reply[2] = buffer[2]; // poll, echoed
            reply[3] = unchecked((byte)-20); // precision about 1 µs
            BinaryPrimitives.WriteUInt32BigEndian(reply.AsSpan(4), 0); // root delay
            BinaryPrimitives.WriteUInt32BigEndian(reply.AsSpan(8), 0x0000_0041); // root dispersion about 1 ms (16.16)
            IPAddress.Loopback.GetAddressBytes().CopyTo(reply, 12); // reference ID: the upstream's address
            WriteTimestamp(reply.AsSpan(16), arrival - TimeSpan.FromSeconds(1)); // last set
            buffer.AsSpan(40, 8).CopyTo(reply.AsSpan(24)); // origin = the client's transmit timestamp
            WriteTimestamp(reply.AsSpan(32), arrival);
            WriteTimestamp(reply.AsSpan(40), DateTimeOffset.UtcNow + Offset);
            try
            {
                await _socket.SendToAsync(reply, SocketFlags.None, received.RemoteEndPoint, _stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
            }
        }
    }

    private static void WriteTimestamp(Span<byte> destination, DateTimeOffset instant)
    {
        TimeSpan since = instant - NtpEpoch;
        ulong seconds = (ulong)since.Ticks / TimeSpan.TicksPerSecond;
        ulong fraction = (ulong)(since.Ticks % TimeSpan.TicksPerSecond) * 0x1_0000_0000UL / TimeSpan.TicksPerSecond;
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)seconds);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], (uint)fraction);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _socket.Dispose();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }
}
