using Conformance.Catalogue;

namespace Reports;

/// <summary>
/// One row of the traceability matrix: requirement (with its source clause) -> scenarios -> result -> evidence.
/// A scenario tagged with a check-level ID also counts for the clause-level entries it refines (spec/README.md).
/// </summary>
public sealed record TraceRow(
    string RequirementId, Requirement? Requirement, IReadOnlyList<ScenarioView> Scenarios, string Result,
    IReadOnlyList<string> Evidence, AttestationCheck? Attestation)
{
    public string Document => Requirement?.Source.Document ?? "uncatalogued";
    public string Version => Requirement?.Source.Version ?? "";

    /// <summary>"EN319421 V1.3.1"; just "RFC3161" when the version is the document's name.</summary>
    public string Standard => Version.Replace(" ", "", StringComparison.Ordinal) == Document ? Document : $"{Document} {Version}".TrimEnd();
    public string Clause => Requirement?.Source.Clause ?? "";
    public string Citation => Requirement?.Source.Citation ?? "(not in the catalogue)";
    public string Level => Requirement?.Level.ToText() ?? "";
    public string Kind => Requirement?.Kind.ToText() ?? "automated";
}

public static class Traceability
{
    /// <summary>
    /// Rows for the requirements of the resolved profile (when the run named one) plus every requirement a scenario
    /// checks, plus the clause-level entries those refine, plus every requirement the evidence register names.
    /// </summary>
    public static IReadOnlyList<TraceRow> Build(
        IReadOnlyList<ScenarioView> scenarios, Catalogue? catalogue, IReadOnlyList<Requirement> profileRequirements,
        EvidenceRegister? register, DateOnly asOf)
    {
        var ids = new List<string>();
        void Add(string id)
        {
            if (!ids.Contains(id, StringComparer.Ordinal))
            {
                ids.Add(id);
            }
        }

        profileRequirements.Select(r => r.Id).ToList().ForEach(Add);
        foreach (ScenarioView view in scenarios)
        {
            foreach (string id in view.Scenario.RequirementIds)
            {
                Add(id);
                catalogue?.Find(id)?.Refines.ToList().ForEach(Add);
            }
        }

        register?.Entries.Select(e => e.Requirement).ToList().ForEach(Add);

        // requirement -> scenarios, directly or through refines
        var byRequirement = new Dictionary<string, List<ScenarioView>>(StringComparer.Ordinal);
        foreach (ScenarioView view in scenarios)
        {
            foreach (string id in view.Scenario.RequirementIds.Concat(view.Scenario.RequirementIds.SelectMany(i => catalogue?.Find(i)?.Refines ?? [])).Distinct())
            {
                (byRequirement.TryGetValue(id, out var list) ? list : byRequirement[id] = []).Add(view);
            }
        }

        var rows = new List<TraceRow>();
        foreach (string id in ids)
        {
            Requirement? requirement = catalogue?.Find(id);
            var covering = byRequirement.GetValueOrDefault(id) ?? [];
            AttestationCheck? attestation = null;
            bool attested = requirement?.Kind is RequirementKind.Attested or RequirementKind.Both;
            if (attested || register?.Entries.Any(e => e.Requirement == id) == true)
            {
                attestation = Attest(id, register, asOf);
            }

            rows.Add(new TraceRow(id, requirement, covering, Result(covering, attestation, requirement),
                covering.SelectMany(v => v.Scenario.Evidence).Distinct().ToList(), attestation));
        }

        return rows.OrderBy(r => r.Document, StringComparer.Ordinal).ThenBy(r => r.Clause, ClauseComparer.Instance)
            .ThenBy(r => r.RequirementId, StringComparer.Ordinal).ToList();
    }

    private static AttestationCheck? Attest(string id, EvidenceRegister? register, DateOnly asOf)
    {
        if (register is null)
        {
            return null;
        }

        var checks = register.Entries.Where(e => e.Requirement == id).Select(e => register.Check(e, asOf)).ToList();
        return checks.FirstOrDefault(c => c.Status == AttestationStatus.HashMismatch)
            ?? checks.FirstOrDefault(c => c.Status == AttestationStatus.Evidenced)
            ?? checks.FirstOrDefault()
            ?? new AttestationCheck(null, AttestationStatus.Missing, null, $"no entry in {Path.GetFileName(register.File)}");
    }

    /// <summary>
    /// failed (a nonconformity) beats observation/informative beats waived beats error beats skipped; passed needs a passing scenario and no other finding; an attested
    /// requirement adds its evidence status; nothing at all is "not-checked" (attested without a register: "not-assessed").
    /// </summary>
    private static string Result(IReadOnlyList<ScenarioView> views, AttestationCheck? attestation, Requirement? requirement)
    {
        string? automated = null;
        var failed = views.Where(v => v.Result == Outcome.Failed).ToList();
        // A requirement fails only with a nonconformity; otherwise the row says the failure's grade (observation, informative).
        if (failed.Any(v => v.Scenario.EffectiveGrade == Grades.Nonconformity)) automated = Outcome.Failed;
        else if (failed.Count > 0) automated = failed.Select(v => v.Scenario.EffectiveGrade!).MinBy(g => Grades.All.ToList().IndexOf(g));
        else if (views.Any(v => v.Result == "waived")) automated = "waived";
        else if (views.Any(v => v.Result == Outcome.Error)) automated = Outcome.Error;
        else if (views.Any(v => v.Result == Outcome.Skipped)) automated = Outcome.Skipped;
        else if (views.Any(v => v.Result == Outcome.NeedsEvidence)) automated = Outcome.NeedsEvidence;
        else if (views.Any(v => v.Result == Outcome.Passed)) automated = Outcome.Passed;
        else if (views.Count > 0) automated = Outcome.NotApplicable;

        string? attested = attestation?.StatusText;
        if (attested is null && requirement?.Kind is RequirementKind.Attested or RequirementKind.Both)
        {
            attested = "not-assessed";
        }

        return (automated, attested) switch
        {
            (null, null) => "not-checked",
            (null, { } a) => a,
            ({ } r, null) => r,
            (Outcome.Passed, "evidenced") => Outcome.Passed,
            ({ } r, { } a) => $"{r}; {a}",
        };
    }
}

/// <summary>Orders clause numbers numerically (5.10 after 5.9); non-numeric clauses after, alphabetically.</summary>
public sealed class ClauseComparer : IComparer<string>
{
    public static readonly ClauseComparer Instance = new();

    public int Compare(string? x, string? y)
    {
        string[] a = (x ?? "").Split('.'), b = (y ?? "").Split('.');
        for (int i = 0; i < Math.Min(a.Length, b.Length); i++)
        {
            bool na = int.TryParse(a[i], out int ia), nb = int.TryParse(b[i], out int ib);
            int c = na && nb ? ia.CompareTo(ib) : na ? -1 : nb ? 1 : string.CompareOrdinal(a[i], b[i]);
            if (c != 0)
            {
                return c;
            }
        }

        return a.Length.CompareTo(b.Length);
    }
}

/// <summary>The one column of the per-clause summary a traceability row counts in.</summary>
public enum TraceColumn { Passed, Failed, Observation, Waived, NotRun, Attested, NotApplicable }

/// <summary>
/// Per standard and clause: how many requirements landed in each column. Every row lands in exactly one column, so the
/// columns add up to <see cref="Requirements"/> (rows such as "passed; not-assessed" used to fall into none).
/// </summary>
public sealed record ClauseSummary(string Standard, string Clause, int Requirements, int Passed, int Failed, int Observations, int Waived, int NotRun,
    int Attested, int NotApplicable)
{
    public static IReadOnlyList<ClauseSummary> Of(IReadOnlyList<TraceRow> rows) =>
        rows.GroupBy(r => (r.Standard, r.Clause))
            .Select(g =>
            {
                var columns = g.Select(ColumnOf).ToList();
                int Count(TraceColumn c) => columns.Count(x => x == c);
                return new ClauseSummary(g.Key.Standard, g.Key.Clause, g.Count(), Count(TraceColumn.Passed), Count(TraceColumn.Failed),
                    Count(TraceColumn.Observation), Count(TraceColumn.Waived), Count(TraceColumn.NotRun), Count(TraceColumn.Attested),
                    Count(TraceColumn.NotApplicable));
            })
            .ToList();

    /// <summary>
    /// The column of a row's result ("passed", "failed", "observation; missing", "passed; not-assessed", ...): a failure
    /// (or a document whose hash does not match) first, then an observation or informative finding, a waiver, anything not
    /// checked or missing, evidenced by the register, passed, and not applicable last. "not-assessed" (attested, no
    /// register) only qualifies an automated result; alone it is "not run".
    /// </summary>
    public static TraceColumn ColumnOf(TraceRow row)
    {
        string[] parts = row.Result.Split("; ", StringSplitOptions.RemoveEmptyEntries);
        bool Any(params string[] words) => parts.Any(p => words.Contains(p, StringComparer.Ordinal));
        if (Any(Outcome.Failed, "hash-mismatch")) return TraceColumn.Failed;
        if (Any(Grades.Observation, Grades.Informative)) return TraceColumn.Observation;
        if (Any("waived")) return TraceColumn.Waived;
        if (Any(Outcome.Error, Outcome.Skipped, Outcome.NeedsEvidence, "not-checked", "missing", "expired")) return TraceColumn.NotRun;
        if (Any(Outcome.Passed)) return TraceColumn.Passed;
        if (Any("evidenced")) return TraceColumn.Attested;
        if (Any(Outcome.NotApplicable)) return TraceColumn.NotApplicable;
        return TraceColumn.NotRun;
    }
}
