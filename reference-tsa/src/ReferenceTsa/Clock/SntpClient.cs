using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace ReferenceTsa.Clock;

/// <summary>
/// A minimal NTPv4 client-mode exchange (RFC 5905 §7.3, §8): one request, one reply, offset and delay computed from
/// the four timestamps. Used to measure the TSA clock against its UTC sources, never to set the clock.
/// </summary>
public static class SntpClient
{
    private static readonly DateTimeOffset NtpEpoch = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static async Task<NtpSample> QueryAsync(string hostAndPort, TimeProvider clock, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var (host, port) = Parse(hostAndPort);
        var addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
        var address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.First();
        using var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        await socket.ConnectAsync(new IPEndPoint(address, port), timeoutSource.Token);

        byte[] request = new byte[48];
        request[0] = (0 << 6) | (4 << 3) | 3; // LI 0, version 4, mode 3 (client)
        var t1 = clock.GetUtcNow();
        WriteTimestamp(request.AsSpan(40), t1); // transmit timestamp, echoed by the server as origin
        await socket.SendAsync(request, SocketFlags.None, timeoutSource.Token);

        byte[] reply = new byte[512];
        int length;
        try
        {
            length = await socket.ReceiveAsync(reply, SocketFlags.None, timeoutSource.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"NTP source {hostAndPort} did not answer within {timeout.TotalMilliseconds:0} ms");
        }

        var t4 = clock.GetUtcNow();
        if (length < 48)
        {
            throw new InvalidDataException($"NTP source {hostAndPort} sent {length} bytes, not an NTP packet");
        }

        int mode = reply[0] & 0x7;
        if (mode != 4)
        {
            throw new InvalidDataException($"NTP source {hostAndPort} answered in mode {mode}, not server mode 4");
        }

        if (!reply.AsSpan(24, 8).SequenceEqual(request.AsSpan(40, 8)))
        {
            throw new InvalidDataException($"NTP source {hostAndPort} answered a different request (origin timestamp mismatch)");
        }

        int stratum = reply[1];
        if (stratum == 0)
        {
            string code = System.Text.Encoding.ASCII.GetString(reply, 12, 4).TrimEnd('\0');
            throw new InvalidDataException($"NTP source {hostAndPort} sent a kiss-o'-death ({code})");
        }

        var t2 = ReadTimestamp(reply.AsSpan(32)); // receive
        var t3 = ReadTimestamp(reply.AsSpan(40)); // transmit
        var offset = ((t2 - t1) + (t3 - t4)) / 2;
        var delay = (t4 - t1) - (t3 - t2);
        if (delay < TimeSpan.Zero)
        {
            delay = TimeSpan.Zero;
        }

        return new NtpSample(
            hostAndPort,
            t4,
            offset,
            delay,
            ReadShortFormat(reply.AsSpan(4)),
            ReadShortFormat(reply.AsSpan(8)),
            stratum,
            reply[0] >> 6,
            stratum == 1
                ? System.Text.Encoding.ASCII.GetString(reply, 12, 4).TrimEnd('\0')
                : new IPAddress(reply.AsSpan(12, 4)).ToString());
    }

    private static (string Host, int Port) Parse(string hostAndPort)
    {
        int colon = hostAndPort.LastIndexOf(':');
        if (colon > 0 && int.TryParse(hostAndPort[(colon + 1)..], out int port) && !hostAndPort.EndsWith(']'))
        {
            return (hostAndPort[..colon].Trim('[', ']'), port);
        }

        return (hostAndPort.Trim('[', ']'), 123);
    }

    private static void WriteTimestamp(Span<byte> destination, DateTimeOffset instant)
    {
        var since = instant - NtpEpoch;
        ulong seconds = (ulong)since.Ticks / TimeSpan.TicksPerSecond;
        ulong fraction = (ulong)(since.Ticks % TimeSpan.TicksPerSecond) * 0x1_0000_0000UL / TimeSpan.TicksPerSecond;
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)seconds);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], (uint)fraction);
    }

    private static DateTimeOffset ReadTimestamp(ReadOnlySpan<byte> source)
    {
        ulong seconds = BinaryPrimitives.ReadUInt32BigEndian(source);
        ulong fraction = BinaryPrimitives.ReadUInt32BigEndian(source[4..]);
        long ticks = (long)(seconds * TimeSpan.TicksPerSecond) + (long)(fraction * TimeSpan.TicksPerSecond >> 32);
        return NtpEpoch.AddTicks(ticks); // era 0 (until 2036)
    }

    private static TimeSpan ReadShortFormat(ReadOnlySpan<byte> source)
    {
        uint value = BinaryPrimitives.ReadUInt32BigEndian(source);
        return TimeSpan.FromTicks((long)((ulong)value * TimeSpan.TicksPerSecond >> 16));
    }
}
