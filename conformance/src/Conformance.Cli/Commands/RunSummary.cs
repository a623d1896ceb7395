using Conformance.Runner.Results;

namespace Conformance.Cli.Commands;

/// <summary>The closing lines of run and inspect: verdict, counts, what failed, where the report is.</summary>
internal static class RunSummary
{
    /// <param name="quiet">--quiet: the findings and the verdict only.</param>
    public static int Print(RunReport report, string outputDirectory, TextWriter output, bool quiet = false)
    {
        output.WriteLine();
        // inspect prints its findings with the files they were found in (InspectTable); here only run's.
        // One line per distinct finding or error: an unreachable target gives one line, not one per scenario.
        var notPassed = report.Scenarios.Where(s => s.Status is ScenarioStatus.Failed or ScenarioStatus.Error)
            .GroupBy(s => (s.Status, s.Message));
        foreach (var group in notPassed)
        {
            string ids = string.Join(",", group.SelectMany(s => s.RequirementIds).Distinct());
            output.WriteLine($"  {group.Key.Status.ToText().ToUpperInvariant(),-6} {ids} ({group.Count()} scenario(s)): {group.Key.Message}");
        }

        foreach (string problem in report.Problems)
        {
            output.WriteLine($"  PROBLEM {problem}");
        }

        output.WriteLine($"{report.Summary}");
        output.WriteLine($"Verdict: {VerdictText(report.Verdict)} ({report.VerdictReason})");
        if (quiet)
        {
            return ExitCode(report.Verdict);
        }

        output.WriteLine($"Report:   {Path.Combine(outputDirectory, "report.json")}");
        output.WriteLine($"JUnit:    {Path.Combine(outputDirectory, "junit.xml")}");
        output.WriteLine($"Evidence: {Path.Combine(outputDirectory, "evidence")} (SHA-256 manifest: evidence/MANIFEST.sha256)");
        return ExitCode(report.Verdict);
    }

    public static int ExitCode(Verdict verdict) => verdict switch
    {
        Verdict.Conformant => ExitCodes.Ok,
        Verdict.NonConformant => ExitCodes.NonConformant,
        _ => ExitCodes.Incomplete,
    };

    public static string VerdictText(Verdict verdict) => verdict switch
    {
        Verdict.Conformant => "CONFORMANT",
        Verdict.NonConformant => "NON-CONFORMANT",
        _ => "INCOMPLETE",
    };
}
