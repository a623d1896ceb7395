using System.Diagnostics;
using System.Globalization;

namespace ReferenceTsa.Clock;

/// <summary>
/// chrony's tracking data as a time source ("chrony:" in Tsa:Clock:Sources): `chronyc -c tracking` reports how far
/// the system clock is from the time chronyd has measured against its own sources, and what chronyd knows of its
/// distance to UTC. "chrony:" alone uses chronyd's default command socket; "chrony:/path/chronyd.sock" another Unix
/// socket; "chrony:127.0.0.1:323" its UDP command port (chronyd answers monitoring commands such as tracking there,
/// from the addresses its cmdallow permits; localhost by default).
/// </summary>
public static class ChronyTracking
{
    public const string Prefix = "chrony:";

    public const string ChronycBinary = "/usr/bin/chronyc";

    /// <summary>RFC 5905 §11.2 PHI: the dispersion a clock gains per second since it was last set from its reference.</summary>
    public const double DispersionRate = 15e-6;

    public static bool IsChronySource(string source) => source.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The chronyc arguments that reach the source's chronyd, or a problem with the entry.</summary>
    public static bool TryParseSource(string source, out string[] arguments, out string? problem)
    {
        string target = source[Prefix.Length..].Trim();
        problem = null;
        if (target.Length == 0)
        {
            arguments = [];
            return true;
        }

        if (target.StartsWith('/'))
        {
            arguments = ["-h", target];
            return true;
        }

        int colon = target.LastIndexOf(':');
        if (colon > 0 && !target.EndsWith(']') && int.TryParse(target[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out int port)
            && port is > 0 and < 65536)
        {
            arguments = ["-h", target[..colon].Trim('[', ']'), "-p", port.ToString(CultureInfo.InvariantCulture)];
            return true;
        }

        if (target.Contains(':') && !target.Contains('['))
        {
            arguments = [];
            problem = $"'{source}': after 'chrony:' give nothing (default socket), a socket path, or host:port of chronyd's command port";
            return false;
        }

        arguments = ["-h", target.Trim('[', ']')];
        return true;
    }

    public static async Task<NtpSample> QueryAsync(string source, TimeProvider clock, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!TryParseSource(source, out string[] target, out string? problem))
        {
            throw new InvalidDataException(problem);
        }

        if (!File.Exists(ChronycBinary))
        {
            throw new InvalidDataException($"{source}: {ChronycBinary} is not installed (apt-get install chrony)");
        }

        var start = new ProcessStartInfo(ChronycBinary, ["-c", "-n", .. target, "tracking"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidDataException($"{source}: chronyc did not start");
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        string output;
        string error;
        try
        {
            var stdout = process.StandardOutput.ReadToEndAsync(timeoutSource.Token);
            var stderr = process.StandardError.ReadToEndAsync(timeoutSource.Token);
            await process.WaitForExitAsync(timeoutSource.Token);
            output = await stdout;
            error = await stderr;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            process.Kill();
            throw new TimeoutException($"{source}: chronyc tracking did not answer within {timeout.TotalMilliseconds:0} ms");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidDataException($"{source}: chronyc tracking failed: {(error + output).Trim()}");
        }

        return Parse(source, output, clock.GetUtcNow());
    }

    /// <summary>
    /// Turns one CSV line of `chronyc -c tracking` into a sample: reference ID, name, stratum, reference time,
    /// system time offset (positive: the system clock is slow of NTP time), last offset, RMS offset, frequency,
    /// residual frequency, skew, root delay, root dispersion, update interval, leap status. The root dispersion grows
    /// by <see cref="DispersionRate"/> for every second since the reference time, so a chronyd that stopped hearing
    /// its sources shows a growing bound.
    /// </summary>
    public static NtpSample Parse(string source, string csv, DateTimeOffset now)
    {
        string line = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "";
        string[] f = line.Split(',');
        if (f.Length < 14)
        {
            throw new InvalidDataException($"{source}: chronyc tracking gave '{line}', not the 14 CSV fields of tracking");
        }

        double Number(int index, string name) =>
            double.TryParse(f[index], NumberStyles.Float, CultureInfo.InvariantCulture, out double value)
                ? value
                : throw new InvalidDataException($"{source}: chronyc tracking field {index + 1} ({name}) is '{f[index]}', not a number");

        int stratum = (int)Number(2, "stratum");
        var referenceTime = DateTimeOffset.UnixEpoch.AddTicks((long)(Number(3, "reference time") * TimeSpan.TicksPerSecond));
        double systemTime = Number(4, "system time");
        double rootDelay = Number(10, "root delay");
        double rootDispersion = Number(11, "root dispersion");
        int leap = f[13].Trim() switch
        {
            "Normal" => 0,
            "Insert second" => 1,
            "Delete second" => 2,
            "Not synchronised" => 3,
            var other => throw new InvalidDataException($"{source}: chronyc tracking leap status '{other}' is unknown"),
        };
        double age = Math.Max(0, (now - referenceTime).TotalSeconds);
        return new NtpSample(
            source,
            now,
            TimeSpan.FromSeconds(systemTime),
            TimeSpan.Zero,
            TimeSpan.FromSeconds(rootDelay),
            TimeSpan.FromSeconds(rootDispersion + age * DispersionRate),
            stratum,
            leap,
            f[1].Length > 0 ? f[1] : f[0]);
    }
}
