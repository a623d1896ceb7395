using System.Text.Json;

namespace Reports;

/// <summary>
/// One entry of report.json's "inputs" (a stored file and its scenarios) read field by field into the renderers'
/// <see cref="ReportInput"/>, over a reader of what is buffered (<see cref="ChunkedJsonReader.Parse{T}"/> reads it again
/// when the entry goes on past it). Only what a rendering shows is materialised: a
/// scenario's steps, tags and graded findings (the bulk of an entry) are skipped unread, as are fields the renderers
/// do not know. Strict about what it reads: a value of the wrong type, or a missing file, verdict, id, feature, name,
/// location or status, is a <see cref="StoredInputFormatException"/> at that token (the caller names its line).
/// Equal texts share one instance through <see cref="SharedStrings"/>, as <see cref="ReportModel.Load"/> reads them.
/// </summary>
internal sealed class StoredInputParser(SharedStrings texts)
{
    /// <summary>Reads the entry the reader stands on (its StartObject) through its EndObject.</summary>
    public ReportInput Parse(ref Utf8JsonReader r)
    {
        Expect(ref r, JsonTokenType.StartObject, "an entry of \"inputs\"", "an object");
        string? file = null, kind = null, encoding = null, error = null, responseStatus = null, verdict = null, verdictReason = null;
        IReadOnlyList<ReportScenario> scenarios = [];
        IReadOnlyList<string> evidence = [];
        ReportToken? token = null;
        while (NextProperty(ref r))
        {
            if (r.ValueTextEquals("file"u8)) file = Text(ref r, "file");
            else if (r.ValueTextEquals("verdict"u8)) verdict = Text(ref r, "verdict");
            else if (r.ValueTextEquals("verdictReason"u8)) verdictReason = Text(ref r, "verdictReason");
            else if (r.ValueTextEquals("scenarios"u8)) scenarios = Scenarios(ref r);
            else if (r.ValueTextEquals("evidence"u8)) evidence = Texts(ref r, "evidence");
            else if (r.ValueTextEquals("token"u8)) token = Token(ref r);
            else if (r.ValueTextEquals("kind"u8)) kind = Text(ref r, "kind");
            else if (r.ValueTextEquals("encoding"u8)) encoding = Text(ref r, "encoding");
            else if (r.ValueTextEquals("error"u8)) error = Text(ref r, "error");
            else if (r.ValueTextEquals("responseStatus"u8)) responseStatus = Text(ref r, "responseStatus");
            else Skip(ref r);
        }

        return new ReportInput
        {
            File = file ?? throw Missing(ref r, "file", "a stored file"),
            Verdict = verdict ?? throw Missing(ref r, "verdict", $"stored file {file}"),
            Kind = kind,
            Encoding = encoding,
            Error = error,
            ResponseStatus = responseStatus,
            VerdictReason = verdictReason,
            Scenarios = scenarios,
            Evidence = evidence,
            Token = token,
        };
    }

    private List<ReportScenario> Scenarios(ref Utf8JsonReader r)
    {
        var scenarios = new List<ReportScenario>();
        if (!StartArray(ref r, "scenarios"))
        {
            return scenarios;
        }

        while (Next(ref r) != JsonTokenType.EndArray)
        {
            scenarios.Add(Scenario(ref r, scenarios.Count + 1));
        }

        return scenarios;
    }

    private ReportScenario Scenario(ref Utf8JsonReader r, int number)
    {
        try
        {
            return Scenario(ref r);
        }
        catch (StoredInputFormatException e)
        {
            // The message is made only when an entry is broken: a scenario's number costs nothing otherwise.
            throw new StoredInputFormatException($"scenario {number} of the stored file: {e.Message}", e.TokenStart);
        }
    }

    private ReportScenario Scenario(ref Utf8JsonReader r)
    {
        const string where = "the scenario";
        Expect(ref r, JsonTokenType.StartObject, where, "an object");
        string? id = null, feature = null, name = null, location = null, severity = null, status = null, message = null, grade = null, gradeReason = null;
        IReadOnlyList<string> requirementIds = [], sources = [], evidence = [];
        double durationMs = 0;
        while (NextProperty(ref r))
        {
            if (r.ValueTextEquals("steps"u8) || r.ValueTextEquals("tags"u8) || r.ValueTextEquals("findings"u8)) Skip(ref r);
            else if (r.ValueTextEquals("id"u8)) id = Text(ref r, "\"id\"");
            else if (r.ValueTextEquals("status"u8)) status = Text(ref r, "\"status\"");
            else if (r.ValueTextEquals("message"u8)) message = Text(ref r, "\"message\"");
            else if (r.ValueTextEquals("durationMs"u8)) durationMs = Number(ref r, "\"durationMs\"");
            else if (r.ValueTextEquals("feature"u8)) feature = Text(ref r, "\"feature\"");
            else if (r.ValueTextEquals("name"u8)) name = Text(ref r, "\"name\"");
            else if (r.ValueTextEquals("location"u8)) location = Text(ref r, "\"location\"");
            else if (r.ValueTextEquals("requirementIds"u8)) requirementIds = Texts(ref r, "\"requirementIds\"");
            else if (r.ValueTextEquals("severity"u8)) severity = Text(ref r, "\"severity\"");
            else if (r.ValueTextEquals("sources"u8)) sources = Texts(ref r, "\"sources\"");
            else if (r.ValueTextEquals("grade"u8)) grade = Text(ref r, "\"grade\"");
            else if (r.ValueTextEquals("gradeReason"u8)) gradeReason = Text(ref r, "\"gradeReason\"");
            else if (r.ValueTextEquals("evidence"u8)) evidence = Texts(ref r, "\"evidence\"");
            else Skip(ref r);
        }

        return new ReportScenario
        {
            Id = id ?? throw Missing(ref r, "id", where),
            Feature = feature ?? throw Missing(ref r, "feature", where),
            Name = name ?? throw Missing(ref r, "name", where),
            Location = location ?? throw Missing(ref r, "location", where),
            Status = status ?? throw Missing(ref r, "status", where),
            RequirementIds = requirementIds,
            Severity = severity ?? "",
            Sources = sources,
            Message = message,
            Grade = grade,
            GradeReason = gradeReason,
            DurationMs = durationMs,
            Evidence = evidence,
        };
    }

    private ReportToken? Token(ref Utf8JsonReader r)
    {
        Next(ref r);
        if (r.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        Expect(ref r, JsonTokenType.StartObject, "\"token\" of the stored file", "an object");
        string? tsu = null, genTime = null, policy = null, serial = null;
        bool qualified = false;
        while (NextProperty(ref r))
        {
            if (r.ValueTextEquals("tsu"u8)) tsu = Text(ref r, "\"tsu\" of the token");
            else if (r.ValueTextEquals("genTime"u8)) genTime = Text(ref r, "\"genTime\" of the token");
            else if (r.ValueTextEquals("policy"u8)) policy = Text(ref r, "\"policy\" of the token");
            else if (r.ValueTextEquals("serial"u8)) serial = Text(ref r, "\"serial\" of the token");
            else if (r.ValueTextEquals("qualifiedClaim"u8)) qualified = Boolean(ref r, "\"qualifiedClaim\" of the token");
            else Skip(ref r);
        }

        return new ReportToken(tsu, genTime, policy, serial, qualified);
    }

    /// <summary>Moves to the next property name of the current object (true) or past its end (false).</summary>
    private static bool NextProperty(ref Utf8JsonReader r) => Next(ref r) == JsonTokenType.PropertyName;

    /// <summary>The next token; <see cref="IncompleteValueException"/> when it is not buffered yet.</summary>
    private static JsonTokenType Next(ref Utf8JsonReader r) => r.Read() ? r.TokenType : throw new IncompleteValueException();

    private string? Text(ref Utf8JsonReader r, string what)
    {
        Next(ref r);
        return r.TokenType switch
        {
            JsonTokenType.Null => null,
            JsonTokenType.String => texts.Text(ref r),
            _ => throw Wrong(ref r, what, "a string"),
        };
    }

    private IReadOnlyList<string> Texts(ref Utf8JsonReader r, string what)
    {
        if (!StartArray(ref r, what))
        {
            return [];
        }

        var items = new List<string>();
        while (Next(ref r) != JsonTokenType.EndArray)
        {
            items.Add(r.TokenType == JsonTokenType.String ? texts.Text(ref r)! : throw Wrong(ref r, $"an entry of {what}", "a string"));
        }

        return items;
    }

    /// <summary>True on the start of an array; false for null (read as empty, as the serializer leaves it).</summary>
    private static bool StartArray(ref Utf8JsonReader r, string what)
    {
        Next(ref r);
        return r.TokenType == JsonTokenType.Null ? false
            : r.TokenType == JsonTokenType.StartArray ? true
            : throw Wrong(ref r, what, "an array");
    }

    private static double Number(ref Utf8JsonReader r, string what)
    {
        Next(ref r);
        return r.TokenType == JsonTokenType.Number && r.TryGetDouble(out double value) ? value : throw Wrong(ref r, what, "a number");
    }

    private static bool Boolean(ref Utf8JsonReader r, string what)
    {
        Next(ref r);
        return r.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            _ => throw Wrong(ref r, what, "true or false"),
        };
    }

    private static void Expect(ref Utf8JsonReader r, JsonTokenType type, string what, string expected)
    {
        if (r.TokenType != type)
        {
            throw Wrong(ref r, what, expected);
        }
    }

    /// <summary>Skips the value after the current property name; <see cref="IncompleteValueException"/> when it is not all buffered.</summary>
    private static void Skip(ref Utf8JsonReader r)
    {
        if (!r.TrySkip())
        {
            throw new IncompleteValueException();
        }
    }

    private static StoredInputFormatException Wrong(ref Utf8JsonReader r, string what, string expected) =>
        new($"{what} is {Describe(r.TokenType)} where {expected} is expected", r.TokenStartIndex);

    private static StoredInputFormatException Missing(ref Utf8JsonReader r, string property, string where) =>
        new($"\"{property}\" is missing from {where}", r.TokenStartIndex);

    private static string Describe(JsonTokenType type) => type switch
    {
        JsonTokenType.String => "a string",
        JsonTokenType.Number => "a number",
        JsonTokenType.True or JsonTokenType.False => "a boolean",
        JsonTokenType.Null => "null",
        JsonTokenType.StartArray => "an array",
        JsonTokenType.StartObject => "an object",
        _ => type.ToString(),
    };
}

/// <summary>The value being parsed goes on past what is buffered: read it again with more of the file.</summary>
internal sealed class IncompleteValueException : Exception;

/// <summary>A stored file's entry in report.json that does not have the shape the renderers read, at a token of the entry.</summary>
internal sealed class StoredInputFormatException(string message, long tokenStart) : Exception(message)
{
    /// <summary>Where the offending token starts, in bytes from the start of the entry.</summary>
    public long TokenStart { get; } = tokenStart;
}
