using System.Security.Cryptography;
using System.Text;
using Conformance.Catalogue;

namespace Reports;

/// <summary>What the user adds to a report beyond report.json.</summary>
public sealed record ReportOptions
{
    public string? Assessor { get; init; }
    public string? Organisation { get; init; }
    public string? EvidenceRegister { get; init; }
    public string? Waivers { get; init; }
    public string? Baseline { get; init; }
    /// <summary>spec/ directory; null: the nearest one above the working directory or the tool.</summary>
    public string? SpecDirectory { get; init; }

    /// <summary>The time-stamping service asked to seal the report's manifest (for the cover); null: not sealed.</summary>
    public string? SealedBy { get; init; }

    /// <summary>--fail-on given to <c>report</c>: overrides the grade report.json recorded (nonconformity or observation).</summary>
    public string? FailOn { get; init; }
}

/// <summary>
/// Everything the renderings show, assembled once from report.json, the catalogue, the evidence folder and the user's
/// register, waivers and baseline. Every renderer (HTML, Markdown, JUnit, checklist) reads only this.
/// </summary>
public sealed record Assessment
{
    public required ReportModel Report { get; init; }
    public required string Directory { get; init; }
    public required ReportOptions Options { get; init; }
    public Catalogue? Catalogue { get; init; }
    public string? CatalogueProblem { get; init; }
    public string? CatalogueDigest { get; init; }
    public IReadOnlyList<SourceDocument> Standards { get; init; } = [];
    public required IReadOnlyList<ScenarioView> Scenarios { get; init; }
    public required IReadOnlyList<Finding> Findings { get; init; }
    public required IReadOnlyList<TraceRow> Matrix { get; init; }
    public required IReadOnlyList<ClauseSummary> Clauses { get; init; }
    public required IReadOnlyList<TimeSample> TimeSamples { get; init; }
    /// <summary>Where the samples came from, and why samples.json was not used when it was unreadable.</summary>
    public string TimeSamplesSource { get; init; } = "";
    public decimal? MaxAccuracySeconds { get; init; }
    public required IReadOnlyList<EvidenceFile> Evidence { get; init; }
    public EvidenceRegister? Register { get; init; }
    public Waivers Waivers { get; init; } = Reports.Waivers.None;
    public IReadOnlyList<Waiver> ExpiredWaivers { get; init; } = [];
    public BaselineDiff? Baseline { get; init; }
    /// <summary>As report.json recorded it; null when the report predates that field.</summary>
    public RunEnvironment? Environment { get; init; }
    public required string Verdict { get; init; }
    public required string VerdictReason { get; init; }

    /// <summary>The least severe grade that makes the exit code 1 (the option given to <c>report</c>, else report.json's).</summary>
    public string FailOn { get; init; } = Grades.Nonconformity;

    /// <summary>Findings not waived, per grade: what the verdict rests on, and what is only listed.</summary>
    public IReadOnlyList<Finding> Nonconformities => [.. Findings.Where(f => !f.View.Waived && f.Grade == Grades.Nonconformity)];
    public IReadOnlyList<Finding> Observations => [.. Findings.Where(f => !f.View.Waived && f.Grade == Grades.Observation)];
    public IReadOnlyList<Finding> Informative => [.. Findings.Where(f => !f.View.Waived && f.Grade == Grades.Informative)];

    /// <summary>"2 nonconformities, 5 observations" (informative findings only when there are any).</summary>
    public string GradeCounts =>
        $"{Plural(Nonconformities.Count, "nonconformity", "nonconformities")}, {Plural(Observations.Count, "observation", "observations")}"
        + (Informative.Count > 0 ? $", {Plural(Informative.Count, "informative finding", "informative findings")}" : "");

    /// <summary>0 conformant, 1 non-conformant (or conformant with observations under --fail-on observation), 2 incomplete.</summary>
    public int ExitCode => Verdict switch
    {
        Outcome.Conformant => FailOn == Grades.Observation && Observations.Count > 0 ? 1 : 0,
        Outcome.NonConformant => 1,
        _ => 2,
    };

    private static string Plural(int n, string one, string many) => $"{n} {(n == 1 ? one : many)}";

    public string EvidenceDirectory => Path.Combine(Directory, "evidence");

    public static Assessment Build(string reportJson, ReportOptions options)
    {
        ReportModel report = ReportModel.Load(reportJson);
        string directory = Path.GetDirectoryName(Path.GetFullPath(reportJson))!;
        DateOnly asOf = DateOnly.FromDateTime(report.FinishedAt.UtcDateTime);

        Catalogue? catalogue = null;
        string? problem = null, digest = null;
        string? spec = SpecDirectoryLocator.Locate(options.SpecDirectory, System.Environment.CurrentDirectory, AppContext.BaseDirectory);
        if (spec is null)
        {
            problem = "no spec/ directory found: requirement metadata (clauses, levels, attested requirements) is missing from this report";
        }
        else
        {
            CatalogueLoadResult load = CatalogueLoader.Load(spec);
            catalogue = load.Catalogue;
            digest = ComputeCatalogueDigest(spec);
            if (!load.IsValid)
            {
                problem = $"the catalogue in {spec} has {load.Errors.Count} error(s), first: {load.Errors[0]}";
            }
        }

        IReadOnlyList<Requirement> profileRequirements = [];
        decimal? maxAccuracy = null;
        if (catalogue is not null && report.Profile is { } profileId && catalogue.FindProfile(profileId) is not null)
        {
            ResolvedProfile resolved = catalogue.Resolve(profileId, asOf);
            profileRequirements = resolved.Requirements;
            maxAccuracy = resolved.Parameters.MaxAccuracySeconds;
        }

        EvidenceRegister? register = options.EvidenceRegister is { } r ? EvidenceRegister.Load(r) : null;
        Waivers waivers = options.Waivers is { } w ? Reports.Waivers.Load(w) : Reports.Waivers.None;

        var views = new List<ScenarioView>();
        foreach (ReportScenario s in report.Scenarios)
        {
            views.Add(View(s, null, waivers, asOf));
        }

        foreach (ReportInput input in report.Inputs)
        {
            views.AddRange(input.Scenarios.Select(s => View(s, Path.GetFileName(input.File), waivers, asOf)));
        }

        var matrix = Traceability.Build(views, catalogue, profileRequirements, register, asOf);
        string evidenceDirectory = Path.Combine(directory, "evidence");
        var standards = catalogue?.Documents.Where(d => matrix.Any(m => m.Document == d.Key)).ToList() ?? [];
        var (verdict, reason) = DecideVerdict(report, views, matrix, register, profileRequirements);
        (IReadOnlyList<TimeSample> samples, string samplesSource) = CollectTimeSamples(report, evidenceDirectory);

        return new Assessment
        {
            Report = report,
            Directory = directory,
            Options = options,
            Catalogue = catalogue,
            CatalogueProblem = problem,
            CatalogueDigest = digest,
            Standards = standards,
            Scenarios = views,
            Findings = views.Where(v => v.IsFinding).Select(v => Finding.From(v, catalogue)).ToList(),
            Matrix = matrix,
            Clauses = ClauseSummary.Of(matrix),
            TimeSamples = samples,
            TimeSamplesSource = samplesSource,
            MaxAccuracySeconds = maxAccuracy,
            Evidence = EvidenceAppendix.Collect(evidenceDirectory),
            Register = register,
            Waivers = waivers,
            ExpiredWaivers = waivers.Entries.Where(x => x.Expires < asOf).ToList(),
            Baseline = options.Baseline is { } b ? BaselineDiff.Compare(report, evidenceDirectory, b) : null,
            Environment = report.Environment,
            Verdict = verdict,
            VerdictReason = reason,
            FailOn = options.FailOn ?? report.FailOn,
        };
    }

    /// <summary>samples.json of the time checks when present and readable; otherwise the HTTP transcripts, saying why.</summary>
    private static (IReadOnlyList<TimeSample>, string) CollectTimeSamples(ReportModel report, string evidenceDirectory)
    {
        string file = Path.Combine(evidenceDirectory, TimeAccuracy.SamplesFile);
        const string transcripts = "the HTTP transcripts and tokens in evidence/";
        if (!File.Exists(file))
        {
            return (TimeAccuracy.FromTranscripts(report, evidenceDirectory), transcripts);
        }

        try
        {
            return (TimeAccuracy.FromSamplesFile(file), $"evidence/{TimeAccuracy.SamplesFile}, recorded by the time-accuracy checks");
        }
        catch (ReportInputException e)
        {
            return (TimeAccuracy.FromTranscripts(report, evidenceDirectory), $"{transcripts}; evidence/{TimeAccuracy.SamplesFile} was not used: {e.Message}");
        }
    }

    private static ScenarioView View(ReportScenario s, string? input, Waivers waivers, DateOnly asOf)
    {
        bool finding = s.Status is Outcome.Failed or Outcome.Error;
        // A finding is waived only when every requirement it concerns has a waiver in force.
        var inForce = s.RequirementIds.Select(id => waivers.InForce(id, asOf)).ToList();
        Waiver? waiver = finding && inForce.Count > 0 && inForce.All(x => x is not null) ? inForce[0] : null;
        Waiver? expired = finding && waiver is null ? s.RequirementIds.Select(id => waivers.Expired(id, asOf)).FirstOrDefault(x => x is not null) : null;
        return new ScenarioView(s, waiver, expired, input);
    }

    /// <summary>
    /// The runner's rules (Verdict.cs), re-applied after waivers: an unwaived nonconformity makes the target non-conformant
    /// (observations and informative findings are named in the reason, never decide it);
    /// an error, a mandatory scenario that did not run, or (when a register is given) a mandatory attested requirement
    /// without valid evidence withholds the verdict (incomplete), with the reason.
    /// </summary>
    private static (string, string) DecideVerdict(
        ReportModel report, IReadOnlyList<ScenarioView> views, IReadOnlyList<TraceRow> matrix, EvidenceRegister? register, IReadOnlyList<Requirement> profile)
    {
        int waived = views.Count(v => v.Waived);
        string notes = (waived > 0 ? $"; {waived} finding(s) waived" : "") + GradeNotes(views);
        var failed = views.Where(v => !v.Waived && v.Scenario.EffectiveGrade == Grades.Nonconformity).ToList();
        if (failed.Count > 0)
        {
            return (Outcome.NonConformant, $"{failed.Count} nonconformit{(failed.Count == 1 ? "y" : "ies")}: {Ids(failed)}{notes}");
        }

        var errors = views.Where(v => !v.Waived && v.Scenario.Status == Outcome.Error).ToList();
        if (errors.Count > 0)
        {
            return (Outcome.Incomplete, $"verdict withheld: {errors.Count} scenario(s) could not be checked: {Ids(errors)}{notes}");
        }

        var skipped = views.Where(v => v.Scenario.Status == Outcome.Skipped && v.Scenario.Severity == "must").ToList();
        if (skipped.Count > 0)
        {
            return (Outcome.Incomplete, $"verdict withheld: {skipped.Count} mandatory scenario(s) did not run: {Ids(skipped)}{notes}");
        }

        // A mandatory needs-evidence scenario is settled only by an evidenced entry of the register for its requirement.
        var evidenced = matrix.Where(m => m.Attestation?.Status == AttestationStatus.Evidenced).Select(m => m.RequirementId).ToHashSet(StringComparer.Ordinal);
        var needsEvidence = views.Where(v => v.Scenario.Status == Outcome.NeedsEvidence && v.Scenario.Severity == "must"
            && !(v.Scenario.RequirementIds.Count > 0 && v.Scenario.RequirementIds.All(evidenced.Contains))).ToList();
        if (needsEvidence.Count > 0)
        {
            return (Outcome.Incomplete, $"verdict withheld: {needsEvidence.Count} mandatory scenario(s) need attested evidence: {Ids(needsEvidence)}{notes}");
        }

        if (report.Problems.Count > 0)
        {
            return (Outcome.Incomplete, $"verdict withheld: {report.Problems.Count} problem(s) prevented part of the run: {report.Problems[0]}{notes}");
        }

        if (register is not null)
        {
            var profileIds = profile.Select(p => p.Id).ToHashSet(StringComparer.Ordinal);
            var unevidenced = matrix.Where(m => m.Attestation is { Status: not AttestationStatus.Evidenced }
                    && m.Requirement?.Level is RequirementLevel.Must or RequirementLevel.MustQualified
                    && (profileIds.Count == 0 || profileIds.Contains(m.RequirementId) || register.Entries.Any(e => e.Requirement == m.RequirementId)))
                .ToList();
            if (unevidenced.Count > 0)
            {
                return (Outcome.Incomplete, $"verdict withheld: {unevidenced.Count} mandatory attested requirement(s) without valid evidence: "
                    + string.Join(", ", unevidenced.Take(10).Select(m => $"{m.RequirementId} ({m.Attestation!.StatusText})")) + notes);
            }
        }

        int passed = views.Count(v => v.Scenario.Status == Outcome.Passed);
        if (passed == 0)
        {
            return (Outcome.Incomplete, (views.Count == 0 ? "verdict withheld: no scenario was selected" : "verdict withheld: no scenario could be checked") + notes);
        }

        bool listed = views.Any(v => !v.Waived && v.Scenario.Status == Outcome.Failed);
        return (Outcome.Conformant, listed ? $"no nonconformity ({passed} applicable scenario(s) passed){notes}" : $"all {passed} applicable scenario(s) passed{notes}");
    }

    /// <summary>Said on the verdict whatever it is: observations and informative findings (not waived), and an unchecked certificate chain.</summary>
    private static string GradeNotes(IReadOnlyList<ScenarioView> views)
    {
        var notes = new List<string>();
        foreach (string grade in new[] { Grades.Observation, Grades.Informative })
        {
            var these = views.Where(v => !v.Waived && v.Scenario.EffectiveGrade == grade).ToList();
            if (these.Count > 0)
            {
                notes.Add($"{these.Count} {(grade == Grades.Observation ? "observation(s)" : "informative finding(s)")}: {Ids(these)}");
            }
        }

        if (ChainNotChecked(views))
        {
            notes.Add(ChainNotCheckedNote);
        }

        return notes.Count == 0 ? "" : "; " + string.Join("; ", notes);
    }

    /// <summary>As the runner words it (report.json's verdictReason carries the same words).</summary>
    public const string ChainNotCheckedNote = "chain not checked: no trust anchors given";

    /// <summary>TSP-CERT-009 (path to a trust anchor) ended not-applicable for want of anchors: the token's chain was never validated.</summary>
    public static bool ChainNotChecked(IEnumerable<ScenarioView> views) => views.Any(v =>
        v.Scenario.Status == Outcome.NotApplicable && v.Scenario.RequirementIds.Contains("TSP-CERT-009")
        && v.Scenario.Message?.Contains("no trust anchors", StringComparison.OrdinalIgnoreCase) == true);

    private static string Ids(IEnumerable<ScenarioView> views) =>
        string.Join(", ", views.SelectMany(v => v.Scenario.RequirementIds.DefaultIfEmpty(v.Scenario.Name)).Distinct().Take(10));

    /// <summary>SHA-256 over "sha256  relative/path" lines of every catalogue file (requirements, profiles, crypto, features), sorted.</summary>
    public static string ComputeCatalogueDigest(string specDirectory)
    {
        var lines = new StringBuilder();
        foreach (string file in System.IO.Directory.EnumerateFiles(specDirectory, "*", SearchOption.AllDirectories)
                     .Where(f => f.EndsWith(".yaml", StringComparison.Ordinal) || f.EndsWith(".feature", StringComparison.Ordinal))
                     .Where(f => !Path.GetRelativePath(specDirectory, f).StartsWith("examples", StringComparison.Ordinal))
                     .Select(f => Path.GetRelativePath(specDirectory, f).Replace('\\', '/'))
                     .Order(StringComparer.Ordinal))
        {
            lines.Append(Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(Path.Combine(specDirectory, file))))).Append("  ").Append(file).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(lines.ToString())));
    }
}
