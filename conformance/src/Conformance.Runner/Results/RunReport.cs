using System.Text.Json.Serialization;

namespace Conformance.Runner.Results;

/// <summary>
/// Everything a run found; serialised as report.json, the input of every other rendering (report.html, junit.xml,
/// summary.md and checklist.csv are rendered from it by the Reports library).
/// </summary>
public sealed record RunReport
{
    public string Tool { get; init; } = "tsa-conformance";
    public string ToolVersion { get; init; } = typeof(RunReport).Assembly.GetName().Version?.ToString() ?? "";

    /// <summary>"run" or "inspect".</summary>
    public required string Command { get; init; }

    public required DateTimeOffset StartedAt { get; init; }
    public required DateTimeOffset FinishedAt { get; init; }
    public TargetSummary? Target { get; init; }
    public string? Profile { get; init; }
    /// <summary>--strict: observations count as nonconformities (their scenarios' grade is raised).</summary>
    public bool Strict { get; init; }

    /// <summary>--fail-on: the least severe grade that makes the exit code 1 (nonconformity by default).</summary>
    public FindingGrade FailOn { get; init; } = FindingGrade.Nonconformity;
    public IReadOnlyList<string> SelectedTags { get; init; } = [];
    public IReadOnlyList<string> SelectedRequirements { get; init; } = [];

    [JsonConverter(typeof(JsonStringEnumConverter<Verdict>))]
    public required Verdict Verdict { get; init; }

    public required string VerdictReason { get; init; }
    public required ResultCounts Summary { get; init; }

    /// <summary>Scenario results of a run against a live target (empty for inspect).</summary>
    public IReadOnlyList<ScenarioResult> Scenarios { get; init; } = [];

    /// <summary>Per input file of an inspect run (empty for run).</summary>
    public IReadOnlyList<InputResult> Inputs { get; init; } = [];

    /// <summary>Problems that did not stop the run: feature files that could not be parsed, and the like.</summary>
    public IReadOnlyList<string> Problems { get; init; } = [];

    /// <summary>Relative path of the evidence manifest (sha256sum format).</summary>
    public string EvidenceManifest { get; init; } = "evidence/MANIFEST.sha256";

    /// <summary>The machine, runtime and clock reference of the run; filled in when report.json is written.</summary>
    public RunEnvironment? Environment { get; init; }

    [JsonIgnore]
    public IEnumerable<ScenarioResult> AllScenarios => Scenarios.Concat(Inputs.SelectMany(i => i.Scenarios));
}

/// <param name="RateLimit">Requests per second the run was held to (null: no limit).</param>
public sealed record TargetSummary(string Name, string? Url, string? QualifiedUrl, string? TargetFile, bool TlsVerificationDisabled, double? RateLimit = null);

/// <summary>One stored token examined by inspect.</summary>
public sealed record InputResult
{
    public required string File { get; init; }
    public string? Kind { get; init; }
    public string? Encoding { get; init; }
    public string? Error { get; init; }

    /// <summary>For a stored TimeStampResp: what the TSA said (status, failInfo, statusString); absent for a bare token.</summary>
    public string? ResponseStatus { get; init; }

    [JsonConverter(typeof(JsonStringEnumConverter<Verdict>))]
    public required Verdict Verdict { get; init; }

    /// <summary>Why this file has its verdict (nonconformities, observations, "chain not checked: no trust anchors given").</summary>
    public string? VerdictReason { get; init; }

    public IReadOnlyList<ScenarioResult> Scenarios { get; init; } = [];
    public IReadOnlyList<string> Evidence { get; init; } = [];

    /// <summary>TSU, genTime, policy, serial and qualified claim of the stored token; null when nothing could be decoded.</summary>
    public Inspection.TokenSummary? Token { get; init; }
}

/// <summary>Scenario counts by status, and the failed ones by grade (nonconformities + observations + informative = failed).</summary>
public sealed record ResultCounts(int Total, int Passed, int Failed, int Error, int Skipped, int NotApplicable, int NeedsEvidence = 0,
    int Nonconformities = 0, int Observations = 0, int Informative = 0)
{
    public static ResultCounts Of(IEnumerable<ScenarioResult> results) => VerdictTally.Of(results).Counts;

    public override string ToString() =>
        $"{Passed} passed, {Failed} failed ({Nonconformities} nonconformities, {Observations} observations, {Informative} informative), "
        + $"{Error} error, {Skipped} skipped, {NotApplicable} not applicable"
        + (NeedsEvidence > 0 ? $", {NeedsEvidence} need attested evidence" : "") + $" (of {Total})";
}
