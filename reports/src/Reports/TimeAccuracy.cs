using System.Globalization;
using System.Security.Cryptography.Pkcs;

namespace Reports;

/// <summary>
/// genTime minus the local midpoint of the HTTP exchange that produced the token. The transcript (NNNN-...-http.txt)
/// records when the request left and how long the answer took; the token beside it in the same scenario's evidence
/// carries genTime and the declared accuracy. Half the round trip bounds where in the exchange the TSA read its clock.
/// </summary>
public sealed record TimeSample(string Token, DateTimeOffset GenTime, DateTimeOffset LocalMidpoint, double HalfRoundTripMs, double? AccuracyMs)
{
    public double OffsetMs => (GenTime - LocalMidpoint).TotalMilliseconds;

    /// <summary>Within the declared accuracy, once the local uncertainty (half the round trip) is allowed for.</summary>
    public bool? WithinAccuracy => AccuracyMs is { } a ? Math.Abs(OffsetMs) <= a + HalfRoundTripMs : null;
}

public static class TimeAccuracy
{
    public static IReadOnlyList<TimeSample> Collect(ReportModel report, string evidenceDirectory)
    {
        var samples = new List<TimeSample>();
        if (!Directory.Exists(evidenceDirectory))
        {
            return samples;
        }

        foreach (ReportScenario scenario in report.Scenarios)
        {
            var transcripts = scenario.Evidence.Where(e => e.EndsWith("-http.txt", StringComparison.Ordinal)).ToList();
            var tokens = scenario.Evidence.Where(e => e.EndsWith("-token.tst", StringComparison.Ordinal)).ToList();
            // Pairs in order of capture: the n-th granted exchange produced the n-th token.
            for (int i = 0; i < Math.Min(transcripts.Count, tokens.Count); i++)
            {
                if (TrySample(Path.Combine(evidenceDirectory, transcripts[i]), Path.Combine(evidenceDirectory, tokens[i]), out TimeSample? sample)
                    && samples.All(s => s.Token != sample.Token))
                {
                    samples.Add(sample);
                }
            }
        }

        return samples.OrderBy(s => s.LocalMidpoint).ToList();
    }

    public static bool TrySample(string transcriptPath, string tokenPath, out TimeSample sample)
    {
        sample = null!;
        if (!File.Exists(transcriptPath) || !File.Exists(tokenPath))
        {
            return false;
        }

        DateTimeOffset? sent = null;
        double? elapsed = null;
        foreach (string line in File.ReadLines(transcriptPath))
        {
            if (sent is null && line.StartsWith("Date: ", StringComparison.Ordinal)
                && DateTimeOffset.TryParse(line[6..], CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTimeOffset d)
                && line.Contains('T', StringComparison.Ordinal))
            {
                sent = d;
            }
            else if (line.StartsWith("Response body:", StringComparison.Ordinal))
            {
                int at = line.LastIndexOf(" in ", StringComparison.Ordinal);
                if (at > 0 && double.TryParse(line[(at + 4)..].Replace(" ms", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out double ms))
                {
                    elapsed = ms;
                }
            }
        }

        if (sent is null || elapsed is null
            || !Rfc3161TimestampToken.TryDecode(File.ReadAllBytes(tokenPath), out Rfc3161TimestampToken? token, out _))
        {
            return false;
        }

        Rfc3161TimestampTokenInfo info = token.TokenInfo;
        double? accuracy = info.AccuracyInMicroseconds is { } us ? us / 1000.0 : null;
        sample = new TimeSample(Path.GetFileName(tokenPath), info.Timestamp, sent.Value.AddMilliseconds(elapsed.Value / 2), elapsed.Value / 2, accuracy);
        return true;
    }
}
