using System.Text.Json;

namespace ReferenceTsa.EvidenceLog;

/// <summary>
/// The kinds of evidence record the TSA writes and the members each payload must carry, with their JSON types.
/// `audit verify` refuses any other kind, a payload that is not a JSON object, and a payload without a required
/// member: a record forged with a recomputed chain hash must at least look like one the TSA writes, and a record
/// the TSA never writes (kind "whatever", a payload that is not JSON) is named as such.
/// </summary>
public static class EvidenceRecordSchema
{
    private enum Json
    {
        String,
        HexString,
        Number,
        Boolean,
        Object,
        StringOrNull,
    }

    private static readonly Dictionary<string, (string Member, Json Type)[]> Kinds = new(StringComparer.Ordinal)
    {
        ["start"] = [("node", Json.String), ("processId", Json.Number)],
        ["stop"] = [("node", Json.String), ("processId", Json.Number)],
        [EvidencePayloads.TokenKind] =
        [
            ("serial", Json.HexString), ("genTime", Json.String), ("endpoint", Json.String), ("policy", Json.String),
            ("imprintAlgorithm", Json.String), ("imprint", Json.HexString), ("tsu", Json.String),
            ("tsuCertificateSha256", Json.HexString), ("tokenSha256", Json.HexString), ("clock", Json.Object),
        ],
        [EvidencePayloads.CheckpointKind] =
        [
            ("upToSequence", Json.Number), ("headHash", Json.HexString), ("granted", Json.Boolean), ("status", Json.String),
            ("tokenResponse", Json.String),
        ],
        ["clock"] = [("open", Json.Boolean), ("monitored", Json.Boolean), ("reason", Json.StringOrNull)],
        ["tsu"] = [("tsu", Json.String), ("event", Json.String)],
        ["hsm"] = [("tsu", Json.String), ("healthy", Json.Boolean), ("reason", Json.StringOrNull)],
        ["key-event"] = [("event", Json.String)],
    };

    /// <summary>The record kinds the TSA writes.</summary>
    public static IReadOnlyCollection<string> KnownKinds => Kinds.Keys;

    /// <summary>Null when the payload fits its kind; otherwise what is wrong.</summary>
    public static string? Problem(string kind, string payload)
    {
        if (!Kinds.TryGetValue(kind, out var members))
        {
            return $"its kind '{Printable(kind)}' is not one the TSA writes ({string.Join(", ", Kinds.Keys)})";
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(payload);
        }
        catch (JsonException)
        {
            return $"its payload is not JSON ('{Printable(payload)}')";
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return $"its payload is a JSON {document.RootElement.ValueKind.ToString().ToLowerInvariant()}, not an object";
            }

            foreach (var (member, type) in members)
            {
                if (!document.RootElement.TryGetProperty(member, out var value))
                {
                    return $"its {kind} payload has no '{member}'";
                }

                if (!Fits(value, type))
                {
                    return $"its {kind} payload's '{member}' is not {Describe(type)}";
                }
            }
        }

        return null;
    }

    private static bool Fits(JsonElement value, Json type) => type switch
    {
        Json.String => value.ValueKind == JsonValueKind.String,
        Json.HexString => value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } hex && hex.All(Uri.IsHexDigit),
        Json.Number => value.ValueKind == JsonValueKind.Number,
        Json.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False,
        Json.Object => value.ValueKind == JsonValueKind.Object,
        Json.StringOrNull => value.ValueKind is JsonValueKind.String or JsonValueKind.Null,
        _ => false,
    };

    private static string Describe(Json type) => type switch
    {
        Json.HexString => "a hexadecimal string",
        Json.StringOrNull => "a string or null",
        _ => $"a JSON {type.ToString().ToLowerInvariant()}",
    };

    /// <summary>At most 40 characters of stored text, control characters shown as escapes, for a one-line message.</summary>
    public static string Printable(string text)
    {
        string cut = text.Length > 40 ? text[..40] + "…" : text;
        return string.Concat(cut.Select(c => char.IsControl(c) ? $"\\x{(int)c:x2}" : c.ToString()));
    }
}
