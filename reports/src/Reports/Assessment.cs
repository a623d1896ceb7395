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

    /// <summary>"2 nonconformities, 5 observations" (informative findings only when there are any).
    /// Counted per scenario and file: an inspection's aggregated finding counts every file it stands for.</summary>
    public string GradeCounts =>
        $"{Plural(Files(Nonconformities), "nonconformity", "nonconformities")}, {Plural(Files(Observations), "observation", "observations")}"
        + (Informative.Count > 0 ? $", {Plural(Files(Informative), "informative finding", "informative findings")}" : "");

    private static int Files(IEnumerable<Finding> findings) => findings.Sum(f => f.View.Files);

    /// <summary>0 conformant, 1 non-conformant (or conformant with observations under --fail-on observation), 2 incomplete.</summary>
    public int ExitCode => Verdict switch
    {
        Outcome.Conformant => FailOn == Grades.Observation && Observations.Count > 0 ? 1 : 0,
        Outcome.NonConformant => 1,
        _ => 2,
    };

    private static string Plural(int n, string one, string many) => $"{n} {(n == 1 ? one : many)}";

    public string EvidenceDirectory => Path.Combine(Directory, "evidence");

    /// <summary>The report.json this assessment was built from.</summary>
    public string ReportJson { get; init; } = "";

    /// <summary>inspect: one row per stored file, in file order (empty for a run).</summary>
    public IReadOnlyList<InputRow> Inputs { get; init; } = [];

    /// <summary>The day waivers and the evidence register are judged at: the day the run finished.</summary>
    public DateOnly AsOf => DateOnly.FromDateTime(Report.FinishedAt.UtcDateTime);

    /// <summary>
    /// inspect: each stored file's row with its scenarios that did not pass (views with their waivers, as the aggregated
    /// views were made), in file order: kept from the one pass over report.json, or read from it again when there were
    /// too many to keep (<see cref="InspectionDigest.MaxListed"/>).
    /// </summary>
    public IEnumerable<(InputRow Row, IReadOnlyList<ScenarioView> Listed)> ListedByFile()
    {
        if (Inputs.Count == 0 || Inputs[0].Listed is not null)
        {
            return Inputs.Select(row => (row, row.Listed ?? []));
        }

        return Inputs.Zip(ReportJsonStream.ReadInputs(ReportJson), (row, input) =>
            (row, (IReadOnlyList<ScenarioView>)[.. input.Scenarios.Where(InspectionDigest.IsListed).Select(s => View(s, row.Input, Waivers, AsOf))]));
    }

    public static Assessment Build(string reportJson, ReportOptions options) => Build(reportJson, options, InspectionDigest.MaxListed);

    /// <param name="maxListed">How many not-passed scenarios of an inspection are kept for junit.xml and findings.sarif (tests lower it).</param>
    internal static Assessment Build(string reportJson, ReportOptions options, int maxListed)
    {
        // The evidence listing (hashes and decodings of every file in evidence/) is made while report.json is read.
        string directory = Path.GetDirectoryName(Path.GetFullPath(reportJson))!;
        string evidenceDirectory = Path.Combine(directory, "evidence");
        Task<IReadOnlyList<EvidenceFile>> evidence = Task.Run(() => EvidenceAppendix.Collect(evidenceDirectory));

        // Streamed, in one pass: an inspection's inputs are folded one at a time (InspectionDigest) as the top level
        // is read, never loaded together, judged against the waivers as of the finishedAt that precedes them.
        Waivers? loaded = null;
        InspectionDigest.Fold? fold = null;
        DateOnly? foldedAsOf = null;
        (ReportModel report, int inputCount) = ReportJsonStream.ReadHeader(reportJson, finishedAt =>
        {
            Waivers known = loaded ??= LoadWaivers(options);
            DateOnly on = DateOnly.FromDateTime((finishedAt ?? default).UtcDateTime);
            foldedAsOf = on;
            fold = new InspectionDigest.Fold((s, input) => View(s, input, known, on), maxListed);
            return fold.Add;
        });
        DateOnly asOf = DateOnly.FromDateTime(report.FinishedAt.UtcDateTime);
        (Catalogue? catalogue, string? problem, string? digest) = LoadCatalogue(options);

        IReadOnlyList<Requirement> profileRequirements = [];
        decimal? maxAccuracy = null;
        if (catalogue is not null && report.Profile is { } profileId && catalogue.FindProfile(profileId) is not null)
        {
            ResolvedProfile resolved = catalogue.Resolve(profileId, asOf);
            profileRequirements = resolved.Requirements;
            maxAccuracy = resolved.Parameters.MaxAccuracySeconds;
        }

        EvidenceRegister? register = options.EvidenceRegister is { } r ? EvidenceRegister.Load(r) : null;
        Waivers waivers = loaded ?? LoadWaivers(options);

        var views = report.Scenarios.Select(s => View(s, null, waivers, asOf)).ToList();
        // Folded with another day than the report's (finishedAt not before the inputs): read them again, only if a waiver could differ.
        InspectionDigest? inspection = inputCount == 0 ? null
            : fold is not null && (foldedAsOf == asOf || waivers.Entries.Count == 0) ? fold.ToDigest()
            : InspectionDigest.Read(reportJson, (s, input) => View(s, input, waivers, asOf), maxListed);
        views.AddRange(inspection?.Views ?? []);

        var matrix = Traceability.Build(views, catalogue, profileRequirements, register, asOf);
        var (verdict, reason) = VerdictRules.Decide(report, views, matrix, register, profileRequirements);
        (IReadOnlyList<TimeSample> samples, string samplesSource) = CollectTimeSamples(report, evidenceDirectory);

        return new Assessment
        {
            Report = report,
            ReportJson = Path.GetFullPath(reportJson),
            Inputs = inspection?.Inputs ?? [],
            Directory = directory,
            Options = options,
            Catalogue = catalogue,
            CatalogueProblem = problem,
            CatalogueDigest = digest,
            Standards = catalogue?.Documents.Where(d => matrix.Any(m => m.Document == d.Key)).ToList() ?? [],
            Scenarios = views,
            Findings = views.Where(v => v.IsFinding).Select(v => Finding.From(v, catalogue)).ToList(),
            Matrix = matrix,
            Clauses = ClauseSummary.Of(matrix),
            TimeSamples = samples,
            TimeSamplesSource = samplesSource,
            MaxAccuracySeconds = maxAccuracy,
            Evidence = evidence.GetAwaiter().GetResult(),
            Register = register,
            Waivers = waivers,
            ExpiredWaivers = waivers.Entries.Where(x => x.Expires < asOf).ToList(),
            Baseline = options.Baseline is { } b ? BaselineDiff.Compare(views.Select(v => v.Scenario), evidenceDirectory, b) : null,
            Environment = report.Environment,
            Verdict = verdict,
            VerdictReason = reason,
            FailOn = options.FailOn ?? report.FailOn,
        };
    }

    private static Waivers LoadWaivers(ReportOptions options) => options.Waivers is { } w ? Reports.Waivers.Load(w) : Reports.Waivers.None;

    /// <summary>The requirement catalogue of the spec/ directory, or why there is none (the report still renders without it).</summary>
    private static (Catalogue?, string?, string?) LoadCatalogue(ReportOptions options)
    {
        string? spec = SpecDirectoryLocator.Locate(options.SpecDirectory, System.Environment.CurrentDirectory, AppContext.BaseDirectory);
        if (spec is null)
        {
            return (null, "no spec/ directory found: requirement metadata (clauses, levels, attested requirements) is missing from this report", null);
        }

        CatalogueLoadResult load = CatalogueLoader.Load(spec);
        string? problem = load.IsValid ? null : $"the catalogue in {spec} has {load.Errors.Count} error(s), first: {load.Errors[0]}";
        return (load.Catalogue, problem, ComputeCatalogueDigest(spec));
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

    private static ScenarioView View(ReportScenario s, ReportInput? input, Waivers waivers, DateOnly asOf)
    {
        bool finding = s.Status is Outcome.Failed or Outcome.Error;
        // A finding is waived only when every requirement it concerns has a waiver in force.
        var inForce = s.RequirementIds.Select(id => waivers.InForce(id, asOf)).ToList();
        Waiver? waiver = finding && inForce.Count > 0 && inForce.All(x => x is not null) ? inForce[0] : null;
        Waiver? expired = finding && waiver is null ? s.RequirementIds.Select(id => waivers.Expired(id, asOf)).FirstOrDefault(x => x is not null) : null;
        return new ScenarioView(s, waiver, expired, input is null ? null : Path.GetFileName(input.File)) { ExampleInputs = input is null ? [] : [input] };
    }

    /// <summary>As the runner words it (report.json's verdictReason carries the same words).</summary>
    public const string ChainNotCheckedNote = "chain not checked: no trust anchors given";

    /// <summary>TSP-CERT-009 (path to a trust anchor) ended not-applicable for want of anchors: the token's chain was never validated.</summary>
    public static bool ChainNotChecked(IEnumerable<ScenarioView> views) => views.Any(v =>
        v.Scenario.Status == Outcome.NotApplicable && v.Scenario.RequirementIds.Contains("TSP-CERT-009")
        && v.Scenario.Message?.Contains("no trust anchors", StringComparison.OrdinalIgnoreCase) == true);

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
