namespace Reports;

/// <summary>inspect: one row of the per-file table: the stored file (without its scenarios) and its grade counts.</summary>
public sealed record InputRow(ReportInput Input, int Nonconformities, int Observations);

/// <summary>
/// inspect, folded while report.json is streamed (<see cref="ReportJsonStream"/>), so the renderers' memory does not grow
/// with the scenarios of thousands of files: one <see cref="InputRow"/> per file, and the scenarios of all files
/// aggregated into views by check, result, grade and finding text, each counting its files and naming the first
/// <see cref="ExampleFiles"/> of them. A check whose findings differ from file to file keeps its first
/// <see cref="MaxTextsPerCheck"/> texts apart and counts the rest in one view that says where each file's text is.
/// Verdicts, traceability and finding lists read these views with their <see cref="ScenarioView.Files"/> counts;
/// junit.xml and findings.sarif, which list every file, stream report.json again.
/// </summary>
public sealed class InspectionDigest
{
    public const int ExampleFiles = 5;
    public const int MaxTextsPerCheck = 20;

    public required IReadOnlyList<InputRow> Inputs { get; init; }
    public required IReadOnlyList<ScenarioView> Views { get; init; }

    /// <param name="view">The view of one scenario of one file (waivers applied), as the assessment makes it.</param>
    public static InspectionDigest Read(string reportJson, Func<ReportScenario, ReportInput, ScenarioView> view)
    {
        var rows = new List<InputRow>();
        var groups = new Dictionary<GroupKey, Group>();
        var order = new List<Group>();
        var texts = new Dictionary<(string Id, string Status, string? Grade), int>();
        foreach (ReportInput input in ReportJsonStream.ReadInputs(reportJson))
        {
            ReportInput stored = input with { Scenarios = [] };
            rows.Add(new InputRow(stored,
                input.Scenarios.Count(s => s.Status == Outcome.Failed && s.Grade is null or Grades.Nonconformity),
                input.Scenarios.Count(s => s.Status == Outcome.Failed && s.Grade == Grades.Observation)));
            foreach (ReportScenario s in input.Scenarios)
            {
                GroupKey key = KeyOf(s, groups, texts);
                if (!groups.TryGetValue(key, out Group? group))
                {
                    group = new Group(view(s, stored), key.Text == Overflow);
                    groups.Add(key, group);
                    order.Add(group);
                }

                group.Add(stored);
            }
        }

        return new InspectionDigest { Inputs = rows, Views = [.. order.Select(g => g.ToView())] };
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
