using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Conformance.Checks.Time;

/// <summary>
/// An SNTP client (RFC 4330, NTPv4 packet of RFC 5905 §7.3) measuring this machine's clock against a reference server.
/// The suite's own implementation: it shares nothing with the reference TSA's clock code.
/// </summary>
public static class SntpClient
{
    private const int PacketLength = 48;
    private static readonly DateTime NtpEra0 = new(1900, 1, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime NtpEra1 = NtpEra0.AddSeconds(4294967296d);

    /// <summary>
    /// Queries the server <paramref name="samples"/> times and keeps the exchange with the lowest round-trip delay (the
    /// least disturbed by queueing, RFC 5905 §10 clock filter idea). Throws <see cref="ClockReferenceException"/> naming
    /// the server when no usable answer came back or the server is not synchronised.
    /// </summary>
    public static async Task<NtpMeasurement> MeasureAsync(NtpServerAddress server, int samples = 8, TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var answers = new List<NtpMeasurement>();
        var problems = new List<string>();
        for (int i = 0; i < Math.Max(1, samples); i++)
        {
            try
            {
                answers.Add(await QueryAsync(server, timeout ?? TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false));
            }
            catch (ClockReferenceException e) when (!e.ServerUnsynchronised)
            {
                problems.Add(e.Message);
            }

            if (i + 1 < samples)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken).ConfigureAwait(false);
            }
        }

        return answers.Count > 0
            ? answers.MinBy(a => a.Delay)!
            : throw new ClockReferenceException($"NTP server {server}: no usable answer to {samples} queries ({problems.Distinct().FirstOrDefault()})");
    }

    /// <summary>One client-mode exchange. Refuses an unsynchronised server (LI 3, stratum 0 or 16) with a clear message.</summary>
    public static async Task<NtpMeasurement> QueryAsync(NtpServerAddress server, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        IPAddress[] addresses;
        try
        {
            addresses = IPAddress.TryParse(server.Host, out IPAddress? literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(server.Host, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new ClockReferenceException($"NTP server {server}: the host name cannot be resolved ({e.Message})", e);
        }

        IPAddress address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new ClockReferenceException($"NTP server {server}: the host name resolves to no address");
        using var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        var endpoint = new IPEndPoint(address, server.Port);

        var request = new byte[PacketLength];
        request[0] = (0 << 6) | (4 << 3) | 3; // LI 0, version 4, mode 3 (client)
        DateTime t1 = DateTime.UtcNow;
        WriteTimestamp(request.AsSpan(40, 8), t1);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        var answer = new byte[PacketLength * 2];
        int length;
        DateTime t4;
        try
        {
            await socket.SendToAsync(request, endpoint, deadline.Token).ConfigureAwait(false);
            while (true)
            {
                SocketReceiveFromResult received = await socket.ReceiveFromAsync(answer, new IPEndPoint(address.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0), deadline.Token)
                    .ConfigureAwait(false);
                t4 = DateTime.UtcNow;
                length = received.ReceivedBytes;
                // Only the server's address counts; anything else on the socket is ignored (RFC 5905 §9.2 bogus packet).
                if (received.RemoteEndPoint is IPEndPoint from && from.Address.Equals(address) && from.Port == server.Port)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ClockReferenceException($"NTP server {server}: no answer within {timeout.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)} ms");
        }
        catch (SocketException e)
        {
            throw new ClockReferenceException($"NTP server {server}: {e.Message}", e);
        }

        return Interpret(server, request.AsSpan(40, 8), answer.AsSpan(0, length), t1, t4);
    }

    /// <summary>Checks and decodes a server answer (RFC 4330 §5 client checks).</summary>
    public static NtpMeasurement Interpret(NtpServerAddress server, ReadOnlySpan<byte> sentTransmit, ReadOnlySpan<byte> packet, DateTime t1, DateTime t4)
    {
        if (packet.Length < PacketLength)
        {
            throw new ClockReferenceException($"NTP server {server}: the answer is {packet.Length} bytes, shorter than an NTP packet ({PacketLength})");
        }

        int leap = packet[0] >> 6, version = (packet[0] >> 3) & 7, mode = packet[0] & 7, stratum = packet[1];
        if (mode != 4)
        {
            throw new ClockReferenceException($"NTP server {server}: the answer has mode {mode}, not 4 (server)");
        }

        if (!packet.Slice(24, 8).SequenceEqual(sentTransmit))
        {
            throw new ClockReferenceException($"NTP server {server}: the answer's originate timestamp is not the request's transmit timestamp (not an answer to this query)");
        }

        string referenceId = ReferenceId(packet.Slice(12, 4), stratum);
        if (stratum == 0)
        {
            throw new ClockReferenceException($"NTP server {server} is not synchronised: it sent a kiss-o'-death (stratum 0, code {referenceId})", serverUnsynchronised: true);
        }

        if (leap == 3 || stratum >= 16)
        {
            throw new ClockReferenceException($"NTP server {server} is not synchronised (leap indicator {leap}, stratum {stratum}); it cannot serve as the clock reference", serverUnsynchronised: true);
        }

        DateTime t2 = ReadTimestamp(packet.Slice(32, 8)), t3 = ReadTimestamp(packet.Slice(40, 8));
        if (packet.Slice(40, 8).IndexOfAnyExcept((byte)0) < 0)
        {
            throw new ClockReferenceException($"NTP server {server}: the answer's transmit timestamp is zero");
        }

        TimeSpan offset = ((t2 - t1) + (t3 - t4)) / 2;
        TimeSpan delay = (t4 - t1) - (t3 - t2);
        return new NtpMeasurement
        {
            Server = server,
            Offset = offset,
            Delay = delay < TimeSpan.Zero ? TimeSpan.Zero : delay,
            LeapIndicator = leap,
            Version = version,
            Stratum = stratum,
            RootDelay = ShortFormat(packet.Slice(4, 4)),
            RootDispersion = ShortFormat(packet.Slice(8, 4)),
            ReferenceId = referenceId,
            ReceivedAtUtc = new DateTimeOffset(t4, TimeSpan.Zero),
        };
    }

    private static string ReferenceId(ReadOnlySpan<byte> id, int stratum) =>
        stratum <= 1
            ? new string([.. id.ToArray().TakeWhile(b => b != 0).Select(b => b is >= 0x20 and < 0x7F ? (char)b : '?')])
            : new IPAddress(id).ToString();

    /// <summary>NTP short format: 16-bit seconds and 16-bit fraction (root delay may be negative in theory; read as signed).</summary>
    private static TimeSpan ShortFormat(ReadOnlySpan<byte> value) =>
        TimeSpan.FromSeconds(BinaryPrimitives.ReadInt32BigEndian(value) / 65536d);

    private static DateTime ReadTimestamp(ReadOnlySpan<byte> value)
    {
        uint seconds = BinaryPrimitives.ReadUInt32BigEndian(value);
        uint fraction = BinaryPrimitives.ReadUInt32BigEndian(value[4..]);
        // RFC 4330 §3: with the most significant bit clear, the time is in era 1 (from 2036-02-07).
        DateTime era = (seconds & 0x8000_0000) == 0 ? NtpEra1 : NtpEra0;
        return era.AddTicks((seconds * TimeSpan.TicksPerSecond) + (long)(fraction * (double)TimeSpan.TicksPerSecond / 4294967296d));
    }

    private static void WriteTimestamp(Span<byte> destination, DateTime utc)
    {
        DateTime era = utc >= NtpEra1 ? NtpEra1 : NtpEra0;
        long ticks = (utc - era).Ticks;
        BinaryPrimitives.WriteUInt32BigEndian(destination, (uint)(ticks / TimeSpan.TicksPerSecond));
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], (uint)(ticks % TimeSpan.TicksPerSecond * 4294967296d / TimeSpan.TicksPerSecond));
    }
}
