using Conformance.Catalogue.Text;
using Conformance.Runner.Results;

namespace Conformance.Cli.Commands;

/// <summary>
/// The closing lines of run and inspect: the graded findings (nonconformities, then observations, then informative
/// findings and errors), the verdict with its counts ("NON-CONFORMANT: 2 nonconformities, 5 observations"), where the
/// report is. Text from the target passes through <see cref="VisibleText"/>, so a hostile statusString cannot drive the terminal.
/// </summary>
internal static class RunSummary
{
    /// <param name="quiet">--quiet: the findings and the verdict only.</param>
    public static int Print(RunReport report, string outputDirectory, TextWriter output, bool quiet = false)
    {
        output.WriteLine();
        // inspect prints its findings with the files they were found in (InspectTable); here only run's.
        // One line per distinct finding or error: an unreachable target gives one line, not one per scenario.
        var notPassed = report.Scenarios.Where(s => s.Status is ScenarioStatus.Failed or ScenarioStatus.Error)
            .GroupBy(s => (Label: Label(s), s.Message, s.GradeReason))
            .OrderBy(g => Order(g.Key.Label));
        foreach (var group in notPassed)
        {
            string ids = string.Join(",", group.SelectMany(s => s.RequirementIds).Distinct());
            string reason = group.Key.GradeReason is { } r ? $" [{r}]" : "";
            output.WriteLine(Line($"  {group.Key.Label,-13} {ids} ({group.Count()} scenario(s)): {group.Key.Message}{reason}"));
        }

        foreach (string problem in report.Problems)
        {
            output.WriteLine(Line($"  PROBLEM {problem}"));
        }

        output.WriteLine($"{report.Summary}");
        output.WriteLine(GradeLine(report.Verdict, report.Summary));
        output.WriteLine(Line($"Verdict: {VerdictText(report.Verdict)} ({report.VerdictReason})"));
        int exit = ExitCode(report.Verdict, report.FailOn, report.Summary);
        if (exit != ExitCode(report.Verdict))
        {
            output.WriteLine($"Exit code {exit}: --fail-on observation and {report.Summary.Observations} observation(s)");
        }

        if (quiet)
        {
            return exit;
        }

        output.WriteLine(Line($"Report:   {Path.Combine(outputDirectory, "report.json")}"));
        output.WriteLine(Line($"JUnit:    {Path.Combine(outputDirectory, "junit.xml")}"));
        output.WriteLine(Line($"Evidence: {Path.Combine(outputDirectory, "evidence")} (SHA-256 manifest: evidence/MANIFEST.sha256)"));
        return exit;
    }

    /// <summary>"NON-CONFORMANT: 2 nonconformities, 5 observations" (informative findings only when there are any).</summary>
    public static string GradeLine(Verdict verdict, ResultCounts c) =>
        $"{VerdictText(verdict)}: {Plural(c.Nonconformities, "nonconformity", "nonconformities")}, {Plural(c.Observations, "observation", "observations")}"
        + (c.Informative > 0 ? $", {Plural(c.Informative, "informative finding", "informative findings")}" : "");

    /// <summary>The word a finding line starts with: its grade for a failed scenario, ERROR otherwise.</summary>
    public static string Label(ScenarioResult s) => Conformance.Runner.Inspection.FindingGroups.Label(s);

    /// <summary>One console line: control characters and line breaks from the target written visibly.</summary>
    public static string Line(string text) => VisibleText.Of(text, keepLineBreaks: false)!;

    public static int ExitCode(Verdict verdict) => verdict switch
    {
        Verdict.Conformant => ExitCodes.Ok,
        Verdict.NonConformant => ExitCodes.NonConformant,
        _ => ExitCodes.Incomplete,
    };

    /// <summary>The verdict's code; with --fail-on observation, a conformant verdict with observations exits 1 too.</summary>
    public static int ExitCode(Verdict verdict, FindingGrade failOn, ResultCounts counts) =>
        verdict == Verdict.Conformant && failOn == FindingGrade.Observation && counts.Observations > 0 ? ExitCodes.NonConformant : ExitCode(verdict);

    public static string VerdictText(Verdict verdict) => verdict switch
    {
        Verdict.Conformant => "CONFORMANT",
        Verdict.NonConformant => "NON-CONFORMANT",
        _ => "INCOMPLETE",
    };

    private static int Order(string label) => label switch { "NONCONFORMITY" => 0, "OBSERVATION" => 1, "INFORMATIVE" => 2, _ => 3 };

    private static string Plural(int n, string one, string many) => $"{n} {(n == 1 ? one : many)}";
}
