using System.Globalization;
using System.Security.Cryptography.Pkcs;
using System.Text.Json;

namespace Reports;

/// <summary>
/// One token's genTime against the local clock: offset = genTime minus the local midpoint of the exchange that produced
/// it. The local uncertainty is half the round trip (where in the exchange the TSA read its clock) plus ε, the local
/// clock's uncertainty against the clock reference, when the time checks recorded it (evidence/time/samples.json; the
/// checks judge genTime within [send - accuracy - ε, receive + accuracy + ε]). Samples taken from the HTTP transcripts
/// have no ε.
/// </summary>
public sealed record TimeSample(string Token, DateTimeOffset GenTime, DateTimeOffset LocalMidpoint, double HalfRoundTripMs, double? AccuracyMs)
{
    /// <summary>ε as recorded by the time checks; null for samples taken from transcripts, or when the run had no clock reference.</summary>
    public double? EpsilonMs { get; init; }

    /// <summary>The endpoint that issued the token: as the time checks name it, or the URL of the transcript's request; one chart series each.</summary>
    public string? Endpoint { get; init; }

    /// <summary>The time checks' own judgement (genTime within [send - accuracy - ε, receive + accuracy + ε]), when recorded.</summary>
    public bool? WithinBound { get; init; }

    public double OffsetMs { get; init; } = (GenTime - LocalMidpoint).TotalMilliseconds;

    /// <summary>How far the instant the TSA read its clock may be from the local midpoint, in true time: half the round trip plus ε.</summary>
    public double LocalUncertaintyMs => HalfRoundTripMs + (EpsilonMs ?? 0);

    /// <summary>Within the declared accuracy once the local uncertainty is allowed for (the recorded judgement when there is one).</summary>
    public bool? WithinAccuracy => WithinBound ?? (AccuracyMs is { } a ? Math.Abs(OffsetMs) <= a + LocalUncertaintyMs : null);
}

public static class TimeAccuracy
{
    /// <summary>Written by the time-accuracy checks during the run; preferred over the transcripts when present.</summary>
    public const string SamplesFile = "time/samples.json";

    /// <summary>Reads samples.json; a file that is not an array of samples gives a message naming the file and the entry.</summary>
    public static IReadOnlyList<TimeSample> FromSamplesFile(string path)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new ReportInputException($"{path}:{(e.LineNumber ?? 0) + 1}: not a JSON array of time samples: {e.Message}");
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new ReportInputException($"{path}: expected a JSON array of time samples, found {document.RootElement.ValueKind}");
            }

            var samples = new List<TimeSample>();
            int index = 0;
            foreach (JsonElement e in document.RootElement.EnumerateArray())
            {
                string where = $"{path}: sample [{index++}]";
                DateTimeOffset send = Time(e, "sendUtc", where), receive = Time(e, "receiveUtc", where), genTime = Time(e, "genTime", where);
                double half = (receive - send).TotalMilliseconds / 2;
                DateTimeOffset midpoint = send.AddMilliseconds(half);
                var sample = new TimeSample(Text(e, "token") ?? $"sample {index}", genTime, midpoint, half, Number(e, "accuracyMs"))
                {
                    EpsilonMs = Number(e, "epsilonMs"),
                    Endpoint = Text(e, "endpoint"),
                    WithinBound = e.TryGetProperty("withinBound", out JsonElement w) && w.ValueKind is JsonValueKind.True or JsonValueKind.False ? w.GetBoolean() : null,
                };
                samples.Add(Number(e, "offsetMs") is { } offset ? sample with { OffsetMs = offset } : sample);
            }

            return samples.OrderBy(s => s.LocalMidpoint).ToList();
        }
    }

    private static DateTimeOffset Time(JsonElement e, string name, string where) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String
        && DateTimeOffset.TryParse(v.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out DateTimeOffset t)
            ? t : throw new ReportInputException($"{where}: \"{name}\" is missing or not an ISO 8601 time");

    private static double? Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.Number ? v.GetDouble() : null;

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out JsonElement v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    /// <summary>genTime of each token against the midpoint of the HTTP exchange recorded beside it in the scenario's evidence.</summary>
    public static IReadOnlyList<TimeSample> FromTranscripts(ReportModel report, string evidenceDirectory)
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
        string? endpoint = null;
        foreach (string line in File.ReadLines(transcriptPath))
        {
            if (endpoint is null && line.StartsWith("POST ", StringComparison.Ordinal))
            {
                endpoint = line[5..].Trim();
            }
            else if (sent is null && line.StartsWith("Date: ", StringComparison.Ordinal)
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
        sample = new TimeSample(Path.GetFileName(tokenPath), info.Timestamp, sent.Value.AddMilliseconds(elapsed.Value / 2), elapsed.Value / 2, accuracy)
        {
            Endpoint = endpoint,
        };
        return true;
    }
}
