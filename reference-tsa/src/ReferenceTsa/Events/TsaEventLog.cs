using System.Text.Json;
using System.Text.Json.Serialization;

namespace ReferenceTsa.Events;

/// <summary>Which key an event is about: never the key itself, never a PIN.</summary>
public sealed record KeyReference(string? Label, string? IdHex, string? PublicKeySha256);

/// <summary>One dated entry: what happened, when (UTC), to which key, with free-form details.</summary>
public sealed record TsaEvent(
    [property: JsonPropertyName("time")] DateTimeOffset Time,
    [property: JsonPropertyName("event")] string Event,
    [property: JsonPropertyName("key")] KeyReference? Key,
    [property: JsonPropertyName("details")] IReadOnlyDictionary<string, string>? Details);

/// <summary>
/// The TSA's event log (key ceremonies, HSM faults and recoveries). An interface so that the hash-chained evidence
/// log can replace the JSON-lines file without touching the callers.
/// </summary>
public interface ITsaEventLog
{
    void Append(string eventName, KeyReference? key, IReadOnlyDictionary<string, string>? details = null);
}

/// <summary>Append-only JSON lines (one event per line) in DIR/events.jsonl.</summary>
public sealed class JsonLinesEventLog(string path, TimeProvider? clock = null) : ITsaEventLog
{
    public const string FileName = "events.jsonl";

    private static readonly JsonSerializerOptions Json = new() { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };
    private readonly object _lock = new();
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;

    public string Path { get; } = path;

    public static JsonLinesEventLog InDirectory(string directory) => new(System.IO.Path.Combine(directory, FileName));

    public void Append(string eventName, KeyReference? key, IReadOnlyDictionary<string, string>? details = null)
    {
        var entry = new TsaEvent(_clock.GetUtcNow(), eventName, key, details);
        string line = JsonSerializer.Serialize(entry, Json) + "\n";
        lock (_lock)
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
            using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite);
            stream.Write(System.Text.Encoding.UTF8.GetBytes(line));
            stream.Flush(flushToDisk: true);
        }
    }
}

/// <summary>For callers with nowhere to log (unit tests of the provider).</summary>
public sealed class NullEventLog : ITsaEventLog
{
    public static readonly NullEventLog Instance = new();

    public void Append(string eventName, KeyReference? key, IReadOnlyDictionary<string, string>? details = null)
    {
    }
}
