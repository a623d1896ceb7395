using System.Text.Json;
using System.Text.Json.Serialization;

namespace Reports;

/// <summary>
/// report.json as the renderers read it. Our own classes (the shape is published in reports/schema/report.schema.json),
/// so the report library depends on the file format, not on the runner's types.
/// </summary>
public sealed record ReportModel
{
    public string Tool { get; init; } = "tsa-conformance";
    public string ToolVersion { get; init; } = "";
    public required string Command { get; init; }
    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset FinishedAt { get; init; }
    public ReportTarget? Target { get; init; }
    public string? Profile { get; init; }
    /// <summary>--strict: observations counted as nonconformities (the runner raised their scenarios' grade).</summary>
    public bool Strict { get; init; }

    /// <summary>The least severe grade that makes the exit code 1: nonconformity (default, also for older reports) or observation.</summary>
    public string FailOn { get; init; } = Grades.Nonconformity;

    public IReadOnlyList<string> SelectedTags { get; init; } = [];
    public IReadOnlyList<string> SelectedRequirements { get; init; } = [];
    public required string Verdict { get; init; }
    public required string VerdictReason { get; init; }
    public required ReportCounts Summary { get; init; }
    public IReadOnlyList<ReportScenario> Scenarios { get; init; } = [];
    public IReadOnlyList<ReportInput> Inputs { get; init; } = [];
    public IReadOnlyList<string> Problems { get; init; } = [];
    public string EvidenceManifest { get; init; } = "evidence/MANIFEST.sha256";

    /// <summary>Recorded by the runner; null in a report.json written before the environment was recorded.</summary>
    public RunEnvironment? Environment { get; init; }

    [JsonIgnore]
    public IEnumerable<ReportScenario> AllScenarios => Scenarios.Concat(Inputs.SelectMany(i => i.Scenarios));

    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    internal static JsonSerializerOptions LoadOptions() => new(JsonOptions) { Converters = { new SharedStrings() } };

    /// <summary>Reads report.json; a missing or broken file gives a message naming the file (and line).</summary>
    public static ReportModel Load(string path)
    {
        if (!File.Exists(path))
        {
            throw new ReportInputException($"{path}: no such report");
        }

        try
        {
            // Streamed, and each distinct text kept once: an inspection repeats the same scenario names, tags and
            // step texts for every token, so a report of thousands of tokens loads in a fraction of its size.
            using FileStream stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<ReportModel>(stream, LoadOptions())
                ?? throw new ReportInputException($"{path}: the file holds no report");
        }
        catch (JsonException e)
        {
            throw new ReportInputException($"{path}:{(e.LineNumber ?? 0) + 1}: not a tsa-conformance report: {e.Message}");
        }
    }
}

public sealed record ReportTarget(string Name, string? Url, string? QualifiedUrl, string? TargetFile, bool TlsVerificationDisabled, double? RateLimit = null);

/// <summary>Counts as report.json holds them; the grade counts are 0 in a report written before grading (the assessment recounts from the scenarios).</summary>
public sealed record ReportCounts(int Total, int Passed, int Failed, int Error, int Skipped, int NotApplicable, int NeedsEvidence = 0,
    int Nonconformities = 0, int Observations = 0, int Informative = 0)
{
    /// <summary>"3 passed, 1 failed, ..." with needs-evidence only when there is any.</summary>
    public string Text(string separator = ", ", Func<int, string>? number = null)
    {
        number ??= n => n.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var parts = new List<string> { $"{number(Passed)} passed", $"{number(Failed)} failed", $"{number(Error)} error", $"{number(Skipped)} skipped", $"{number(NotApplicable)} not applicable" };
        if (NeedsEvidence > 0)
        {
            parts.Add($"{number(NeedsEvidence)} need attested evidence");
        }

        return string.Join(separator, parts);
    }
}

public sealed record ReportInput
{
    public required string File { get; init; }
    public string? Kind { get; init; }
    public string? Encoding { get; init; }
    public string? Error { get; init; }

    /// <summary>A stored TimeStampResp that is a rejection: its PKIStatus and failure info as the TSA gave them; null otherwise.</summary>
    public string? ResponseStatus { get; init; }

    public required string Verdict { get; init; }

    /// <summary>Why this file has its verdict; absent in reports written before it was recorded.</summary>
    public string? VerdictReason { get; init; }

    public IReadOnlyList<ReportScenario> Scenarios { get; init; } = [];
    public IReadOnlyList<string> Evidence { get; init; } = [];
    public ReportToken? Token { get; init; }
}

/// <summary>inspect: what identifies a stored token (TSU, genTime, policy, serial, its own qualified claim).</summary>
public sealed record ReportToken(string? Tsu, string? GenTime, string? Policy, string? Serial, bool QualifiedClaim);

public sealed record ReportScenario
{
    public required string Id { get; init; }
    public required string Feature { get; init; }
    public required string Name { get; init; }
    public required string Location { get; init; }
    public IReadOnlyList<string> RequirementIds { get; init; } = [];
    public string Severity { get; init; } = "";
    public IReadOnlyList<string> Sources { get; init; } = [];
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>passed, failed, error, skipped, not-applicable or needs-evidence.</summary>
    public required string Status { get; init; }

    public string? Message { get; init; }

    /// <summary>nonconformity, observation or informative for a failed scenario; absent in reports written before grading.</summary>
    public string? Grade { get; init; }

    public string? GradeReason { get; init; }
    public IReadOnlyList<ReportFinding> Findings { get; init; } = [];

    /// <summary>The grade the verdict uses: <see cref="Grade"/>, or nonconformity for a failed scenario of an older report (as it was judged then).</summary>
    [JsonIgnore]
    public string? EffectiveGrade => Status == Outcome.Failed ? Grade ?? Grades.Nonconformity : null;

    /// <summary><see cref="GradeReason"/>, or what an older report implies.</summary>
    [JsonIgnore]
    public string? EffectiveGradeReason => Status != Outcome.Failed ? null : GradeReason ?? (Grade is null ? "report.json predates grading: every failure counted as a nonconformity" : null);

    public double DurationMs { get; init; }
    public IReadOnlyList<ReportStep> Steps { get; init; } = [];
    public IReadOnlyList<string> Evidence { get; init; } = [];
}

/// <summary>One graded finding: the requirement it names, that requirement's resolved level and confidence, the grade, the text.</summary>
public sealed record ReportFinding(string? RequirementId, string Level, string Confidence, string Grade, string Message);

/// <summary>Grade words as report.json writes them, most severe first.</summary>
public static class Grades
{
    public const string Nonconformity = "nonconformity";
    public const string Observation = "observation";
    public const string Informative = "informative";

    public static readonly IReadOnlyList<string> All = [Nonconformity, Observation, Informative];
}

public sealed record ReportStep(string Keyword, string Text, string Status, string? Message, double DurationMs);

/// <summary>Scenario and verdict words as report.json writes them.</summary>
public static class Outcome
{
    public const string Passed = "passed";
    public const string Failed = "failed";
    public const string Error = "error";
    public const string Skipped = "skipped";
    public const string NotApplicable = "not-applicable";

    /// <summary>Not passed, not failed: only attested evidence (the evidence register) can show the requirement is met.</summary>
    public const string NeedsEvidence = "needs-evidence";

    public const string Conformant = "conformant";
    public const string NonConformant = "non-conformant";
    public const string Incomplete = "incomplete";
}
