using System.Text.Json;

namespace Conformance.Checks.Time;

/// <summary>
/// The local clock's uncertainty against UTC (ε) as established for a run, and how. Written to
/// evidence/time/clock-reference.json for the report.
/// </summary>
public sealed record ClockReference
{
    public const string SameHostLabel = "same host clock as the TSA";

    /// <summary>"ntp HOST:PORT", "declared", "same host clock as the TSA" or "none".</summary>
    public required string Reference { get; init; }

    /// <summary>ε; null when there is no reference (TSP-TIME-001 cannot be judged).</summary>
    public TimeSpan? Uncertainty { get; init; }

    public TimeSpan? Offset { get; init; }
    public DateTimeOffset? MeasuredAtUtc { get; init; }
    public NtpMeasurement? Measurement { get; init; }

    public static ClockReference None { get; } = new() { Reference = "none" };

    /// <summary>Measures or takes the declared uncertainty. Throws <see cref="ClockReferenceException"/> when the NTP server fails.</summary>
    public static async Task<ClockReference> EstablishAsync(ClockReferenceSettings settings, CancellationToken cancellationToken = default)
    {
        if (settings.NtpServer is { } server)
        {
            NtpMeasurement measured = await SntpClient.MeasureAsync(server, cancellationToken: cancellationToken).ConfigureAwait(false);
            return new ClockReference
            {
                Reference = $"ntp {server}",
                Uncertainty = measured.Uncertainty + (settings.DeclaredUncertainty ?? TimeSpan.Zero),
                Offset = measured.Offset,
                MeasuredAtUtc = measured.ReceivedAtUtc,
                Measurement = measured,
            };
        }

        if (settings.SameHostClock)
        {
            // The TSA reads the clock the send and receive instants come from: no offset between the two to allow for.
            return new ClockReference { Reference = SameHostLabel, Uncertainty = TimeSpan.Zero };
        }

        return settings.DeclaredUncertainty is { } declared ? new ClockReference { Reference = "declared", Uncertainty = declared } : None;
    }

    /// <summary>The clock-reference.json contract of the report.</summary>
    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteString("reference", Reference);
            TimeJson.WriteMilliseconds(json, "uncertaintyMs", Uncertainty);
            TimeJson.WriteMilliseconds(json, "offsetMs", Offset);
            if (MeasuredAtUtc is { } at)
            {
                json.WriteString("measuredAtUtc", TimeJson.Iso(at));
            }
            else
            {
                json.WriteNull("measuredAtUtc");
            }

            if (Measurement is { } m)
            {
                json.WriteStartObject("server");
                json.WriteNumber("stratum", m.Stratum);
                json.WriteString("refId", m.ReferenceId);
                TimeJson.WriteMilliseconds(json, "rootDelayMs", m.RootDelay);
                TimeJson.WriteMilliseconds(json, "rootDispersionMs", m.RootDispersion);
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("server");
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    public string Describe() => Uncertainty is { } e
        ? $"{Reference}, ε = {TimeJson.Milliseconds(e)} ms" + (Offset is { } o ? $" (measured offset {TimeJson.Milliseconds(o)} ms)" : "")
        : Reference;
}
