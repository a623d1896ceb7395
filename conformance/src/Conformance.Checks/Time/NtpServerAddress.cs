using System.Globalization;

namespace Conformance.Checks.Time;

/// <summary>An NTP server to measure the local clock against: <c>HOST[:PORT]</c>, port 123 by default, <c>[v6]:PORT</c> for IPv6.</summary>
public sealed record NtpServerAddress(string Host, int Port)
{
    public const int DefaultPort = 123;

    public override string ToString() => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";

    /// <summary>Parses HOST[:PORT]; the error names what is wrong with the text.</summary>
    public static bool TryParse(string? text, out NtpServerAddress? address, out string? error)
    {
        address = null;
        error = null;
        string value = (text ?? "").Trim();
        if (value.Length == 0)
        {
            error = "an NTP server is HOST or HOST:PORT, and the value is empty";
            return false;
        }

        string host = value;
        string? port = null;
        if (value.StartsWith('['))
        {
            int close = value.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                error = $"'{value}': an IPv6 address in brackets is not closed with ]";
                return false;
            }

            host = value[1..close];
            string rest = value[(close + 1)..];
            if (rest.Length > 0)
            {
                if (!rest.StartsWith(':'))
                {
                    error = $"'{value}': expected :PORT after the bracketed address";
                    return false;
                }

                port = rest[1..];
            }
        }
        else if (value.Count(c => c == ':') == 1)
        {
            int colon = value.IndexOf(':', StringComparison.Ordinal);
            host = value[..colon];
            port = value[(colon + 1)..];
        }

        if (host.Length == 0 || host.Any(char.IsWhiteSpace))
        {
            error = $"'{value}': the host name is missing or contains spaces";
            return false;
        }

        int number = DefaultPort;
        if (port is not null && (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out number) || number is < 1 or > 65535))
        {
            error = $"'{value}': the port must be a number from 1 to 65535, not '{port}'";
            return false;
        }

        address = new NtpServerAddress(host, number);
        return true;
    }
}
