using System.Buffers;
using System.Text.Json;
using System.Text.Unicode;
using System.Text.Json.Serialization;

namespace Reports;

/// <summary>
/// Reads JSON strings so that equal texts share one instance, for one load of report.json (not thread-safe: one
/// converter per load). Texts longer than <see cref="MaxShared"/> characters are rarely repeated and are not kept, and
/// at most <see cref="MaxKept"/> texts are kept, so a streamed inspection whose messages name each file stays bounded.
/// </summary>
internal sealed class SharedStrings : JsonConverter<string>
{
    private const int MaxShared = 512;
    private const int MaxKept = 20_000;
    private readonly HashSet<string> _seen;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> _bySpan;

    public SharedStrings()
    {
        _seen = new HashSet<string>(StringComparer.Ordinal);
        _bySpan = _seen.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => Text(ref reader);

    /// <summary>The string (or null) the reader stands on, shared with an equal one read before.</summary>
    public string? Text(ref Utf8JsonReader reader)
    {
        // A short unescaped text (most of report.json) is looked up from its bytes without making a string first.
        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && !reader.HasValueSequence && reader.ValueSpan.Length <= MaxShared)
        {
            Span<char> chars = stackalloc char[reader.ValueSpan.Length];
            if (Utf8.ToUtf16(reader.ValueSpan, chars, out _, out int length, replaceInvalidSequences: false) == OperationStatus.Done)
            {
                if (_bySpan.TryGetValue(chars[..length], out string? known))
                {
                    return known;
                }

                string made = new(chars[..length]);
                if (_seen.Count < MaxKept)
                {
                    _seen.Add(made);
                }

                return made;
            }
        }

        string? text = reader.GetString();
        if (text is null || text.Length > MaxShared)
        {
            return text;
        }

        if (_seen.TryGetValue(text, out string? shared))
        {
            return shared;
        }

        if (_seen.Count < MaxKept)
        {
            _seen.Add(text);
        }

        return text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
