namespace Reports;

/// <summary>inspect: one row of the per-file table: the stored file (without its scenarios) and its grade counts.</summary>
public sealed record InputRow(ReportInput Input, int Nonconformities, int Observations)
{
    /// <summary>Every scenario of the file counted as junit.xml counts it (its testsuite's totals).</summary>
    public ScenarioTally Tally { get; init; }

    /// <summary>
    /// The file's scenarios that did not pass (<see cref="InspectionDigest.IsListed"/>) as views with their waivers, in
    /// report order, for junit.xml and findings.sarif; null when the inspection had too many to keep
    /// (<see cref="InspectionDigest.MaxListed"/>): the writers then read them from report.json again.
    /// </summary>
    public IReadOnlyList<ScenarioView>? Listed { get; init; }
}

/// <summary>Scenarios counted as JUnit counts them: tests, failures (nonconformities), errors, skipped (waived, skipped,
/// not applicable, needs evidence), and their time.</summary>
public readonly record struct ScenarioTally(int Tests, int Failures, int Errors, int Skipped, double DurationMs)
{
    public static bool Failure(ScenarioView v) => !v.Waived && v.Scenario.EffectiveGrade == Grades.Nonconformity;

    public static bool Error(ScenarioView v) => !v.Waived && v.Scenario.Status == Outcome.Error;

    public static bool Skip(ScenarioView v) => v.Waived || v.Scenario.Status is Outcome.Skipped or Outcome.NotApplicable or Outcome.NeedsEvidence;

    /// <summary>A passed or not-applicable scenario needs no view: it has no finding a waiver could cover.</summary>
    public ScenarioTally Add(ReportScenario s, ScenarioView? view) => view is null
        ? this with { Tests = Tests + 1, Skipped = Skipped + (s.Status is Outcome.NotApplicable or Outcome.Skipped or Outcome.NeedsEvidence ? 1 : 0), DurationMs = DurationMs + s.DurationMs }
        : new(Tests + 1, Failures + (Failure(view) ? 1 : 0), Errors + (Error(view) ? 1 : 0), Skipped + (Skip(view) ? 1 : 0), DurationMs + s.DurationMs);
}

/// <summary>
/// inspect, folded while report.json is streamed (<see cref="ReportJsonStream"/>), so the renderers' memory does not grow
/// with the scenarios of thousands of files: one <see cref="InputRow"/> per file, and the scenarios of all files
/// aggregated into views by check, result, grade and finding text, each counting its files and naming the first
/// <see cref="ExampleFiles"/> of them. A check whose findings differ from file to file keeps its first
/// <see cref="MaxTextsPerCheck"/> texts apart and counts the rest in one view that says where each file's text is.
/// Verdicts, traceability and finding lists read these views with their <see cref="ScenarioView.Files"/> counts.
/// junit.xml and findings.sarif, which list every file, read each row's own totals and the scenarios that did not
/// pass, kept from this same pass (up to <see cref="MaxListed"/> of them), so report.json is read once.
/// </summary>
public sealed class InspectionDigest
{
    public const int ExampleFiles = 5;
    public const int MaxTextsPerCheck = 20;

    /// <summary>
    /// Memory bound: the scenarios that did not pass kept for junit.xml and findings.sarif over all files (some 2-3 per
    /// file of a real archive; an unreadable file has ~60 errors). Beyond it, none are kept and the two writers read
    /// report.json again, file by file.
    /// </summary>
    public const int MaxListed = 250_000;

    /// <summary>Listed in junit.xml (one testcase each) and findings.sarif: every scenario but a passed or not-applicable one.</summary>
    public static bool IsListed(ReportScenario s) => s.Status is not (Outcome.Passed or Outcome.NotApplicable);

    public required IReadOnlyList<InputRow> Inputs { get; init; }
    public required IReadOnlyList<ScenarioView> Views { get; init; }

    /// <param name="view">The view of one scenario of one file (waivers applied), as the assessment makes it.</param>
    /// <param name="maxListed">At most this many not-passed scenarios are kept over all files (<see cref="MaxListed"/>).</param>
    public static InspectionDigest Read(string reportJson, Func<ReportScenario, ReportInput, ScenarioView> view, int maxListed = MaxListed)
    {
        var fold = new Fold(view, maxListed);
        foreach (ReportInput input in ReportJsonStream.ReadInputs(reportJson))
        {
            fold.Add(input);
        }

        return fold.ToDigest();
    }

    /// <summary>The digest made one stored file at a time, as the files are read.</summary>
    internal sealed class Fold(Func<ReportScenario, ReportInput, ScenarioView> view, int maxListed)
    {
        private readonly List<InputRow> _rows = [];
        private readonly Dictionary<GroupKey, Group> _groups = [];
        private readonly List<Group> _order = [];
        private readonly Dictionary<(string Id, string Status, string? Grade), int> _texts = [];
        private int _listed;

        public void Add(ReportInput input)
        {
            ReportInput stored = input with { Scenarios = [] };
            List<ScenarioView>? listed = _listed <= maxListed ? [] : null;
            var tally = new ScenarioTally();
            int nonconformities = 0, observations = 0;
            foreach (ReportScenario s in input.Scenarios)
            {
                ScenarioView? own = IsListed(s) ? view(s, stored) : null;
                tally = tally.Add(s, own);
                if (s.Status == Outcome.Failed)
                {
                    nonconformities += s.Grade is null or Grades.Nonconformity ? 1 : 0;
                    observations += s.Grade == Grades.Observation ? 1 : 0;
                }

                if (own is not null)
                {
                    listed?.Add(own);
                }

                GroupKey key = KeyOf(s, _groups, _texts);
                if (!_groups.TryGetValue(key, out Group? group))
                {
                    group = new Group(own ?? view(s, stored), key.Text == Overflow);
                    _groups.Add(key, group);
                    _order.Add(group);
                }

                group.Add(stored);
            }

            _listed += listed?.Count ?? 0;
            _rows.Add(new InputRow(stored, nonconformities, observations) { Tally = tally, Listed = listed });
        }

        public InspectionDigest ToDigest()
        {
            // Too many to keep: none are, so the writers read them all from report.json in one way.
            IReadOnlyList<InputRow> rows = _listed <= maxListed ? _rows : [.. _rows.Select(r => r with { Listed = null })];
            return new InspectionDigest { Inputs = rows, Views = [.. _order.Select(g => g.ToView())] };
        }
    }

    private const string Overflow = "\0further texts";

    /// <summary>
    /// A finding's own text separates views; other results are one view per check, except that TSP-CERT-009 not run for
    /// want of trust anchors stays apart (the verdict says the chain was not checked).
    /// </summary>
    private static GroupKey KeyOf(ReportScenario s, Dictionary<GroupKey, Group> groups, Dictionary<(string, string, string?), int> texts)
    {
        bool finding = s.Status is Outcome.Failed or Outcome.Error;
        string? text = finding ? s.Message ?? ""
            : Assessment.ChainNotChecked([new ScenarioView(s, null, null, null)]) ? "no trust anchors" : null;
        var key = new GroupKey(s.Id, s.Status, s.Grade, s.GradeReason, text);
        if (!finding || groups.ContainsKey(key))
        {
            return key;
        }

        var check = (s.Id, s.Status, s.Grade);
        int seen = texts.GetValueOrDefault(check);
        if (seen >= MaxTextsPerCheck)
        {
            return key with { Text = Overflow };
        }

        texts[check] = seen + 1;
        return key;
    }

    private readonly record struct GroupKey(string Id, string Status, string? Grade, string? GradeReason, string? Text);

    private sealed class Group(ScenarioView first, bool overflow)
    {
        private readonly List<ReportInput> _examples = [];
        private int _files;

        public void Add(ReportInput input)
        {
            _files++;
            if (_examples.Count < ExampleFiles)
            {
                _examples.Add(input);
            }
        }

        public ScenarioView ToView()
        {
            ReportScenario scenario = !overflow ? first.Scenario : first.Scenario with
            {
                Message = $"{_files} file(s) with finding texts beyond the first {MaxTextsPerCheck} distinct ones of this check; "
                    + "each file's own finding is in junit.xml, findings.sarif and report.json",
                Findings = [],
            };
            return first with { Scenario = scenario, Files = _files, ExampleInputs = _examples };
        }
    }
}
