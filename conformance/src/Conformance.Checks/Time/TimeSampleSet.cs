using System.Text.Json;

namespace Conformance.Checks.Time;

/// <summary>Everything the time sampling of a run produced: the tokens with their instants, and the requests that gave none.</summary>
public sealed record TimeSampleSet
{
    public const string SamplesFile = "time/samples.json";

    public required IReadOnlyList<TimeSample> Samples { get; init; }
    public required IReadOnlyList<string> Failures { get; init; }
    public required LeapSecondWindow LeapWindow { get; init; }

    public IEnumerable<TimeSample> Regular => Samples.Where(s => !s.AroundLeapSecond);
    public IEnumerable<TimeSample> AroundLeapSecond => Samples.Where(s => s.AroundLeapSecond);

    /// <summary>The samples.json contract of the report: one object per token, in the order they were taken.</summary>
    public byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartArray();
            foreach (TimeSample s in Samples)
            {
                json.WriteStartObject();
                json.WriteString("endpoint", s.Endpoint);
                json.WriteString("token", s.TokenFile);
                json.WriteString("sendUtc", TimeJson.Iso(s.SendUtc));
                json.WriteString("receiveUtc", TimeJson.Iso(s.ReceiveUtc));
                json.WriteString("genTime", s.GenTimeIso);
                TimeJson.WriteMilliseconds(json, "accuracyMs", s.Accuracy);
                TimeJson.WriteMilliseconds(json, "epsilonMs", s.Epsilon);
                TimeJson.WriteMilliseconds(json, "offsetMs", s.Offset);
                if (s.WithinBound is { } within)
                {
                    json.WriteBoolean("withinBound", within);
                }
                else
                {
                    json.WriteNull("withinBound");
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
        }

        return buffer.ToArray();
    }
}
