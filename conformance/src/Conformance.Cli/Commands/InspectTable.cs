using Conformance.Runner.Results;

namespace Conformance.Cli.Commands;

/// <summary>
/// inspect's console output for archives: one row per file (file, TSU, genTime, policy, qualified claim, verdict,
/// nonconformities, observations, errors), then each distinct finding once, graded, with the files it was found in.
/// Text from the tokens passes through <see cref="RunSummary.Line"/>, so a hostile name cannot drive the terminal.
/// </summary>
internal static class InspectTable
{
    /// <summary>At most this many file names are listed after an aggregated finding; the rest are counted.</summary>
    private const int FilesNamedPerFinding = 5;

    /// <param name="table">False (--quiet): the findings only.</param>
    public static void Print(RunReport report, TextWriter output, bool table = true)
    {
        if (table)
        {
            PrintTable(report, output);
        }

        PrintFindings(report, output);
    }

    private static void PrintTable(RunReport report, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"{"FILE",-28} {"TSU",-32} {"GENTIME",-24} {"POLICY",-22} {"QC",-3} {"VERDICT",-14} {"NC",3} {"OBS",3} {"ERR",3}");
        foreach (InputResult input in report.Inputs)
        {
            int nonconformities = input.Scenarios.Count(s => s.EffectiveGrade == FindingGrade.Nonconformity);
            int observations = input.Scenarios.Count(s => s.EffectiveGrade == FindingGrade.Observation);
            int errors = input.Scenarios.Count(s => s.Status == ScenarioStatus.Error) + (input.Error is null ? 0 : 1);
            output.WriteLine(RunSummary.Line($"{Cut(Path.GetFileName(input.File), 28),-28} {Cut(Cn(input.Token?.Tsu) ?? "-", 32),-32} {input.Token?.GenTime ?? "-",-24} "
                + $"{Cut(input.Token?.Policy ?? "-", 22),-22} {(input.Token?.QualifiedClaim == true ? "yes" : "no"),-3} {RunSummary.VerdictText(input.Verdict),-14} {nonconformities,3} {observations,3} {errors,3}"));
        }

        output.WriteLine("QC: the token claims to be qualified (esi4-qtstStatement-1); NC nonconformities, OBS observations, ERR not checkable");
    }

    private static void PrintFindings(RunReport report, TextWriter output)
    {

        var findings = report.Inputs
            .SelectMany(i => i.Scenarios.Where(s => s.Status is ScenarioStatus.Failed or ScenarioStatus.Error)
                .Select(s => (Input: i, Scenario: s)))
            .GroupBy(x => (Label: RunSummary.Label(x.Scenario), Ids: string.Join(",", x.Scenario.RequirementIds), x.Scenario.Message))
            .OrderBy(g => g.Key.Label == "NONCONFORMITY" ? 0 : g.Key.Label == "OBSERVATION" ? 1 : 2)
            .ToList();
        var unreadable = report.Inputs.Where(i => i.Error is not null).ToList();
        if (findings.Count == 0 && unreadable.Count == 0)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine("Findings (each once, graded, with the files it was found in):");
        foreach (InputResult input in unreadable)
        {
            output.WriteLine(RunSummary.Line($"  INPUT  {Path.GetFileName(input.File)}: {input.Error}"));
        }

        foreach (var group in findings)
        {
            var names = group.Select(x => Path.GetFileName(x.Input.File)).Distinct().ToList();
            string files = string.Join(", ", names.Take(FilesNamedPerFinding)) + (names.Count > FilesNamedPerFinding ? $" and {names.Count - FilesNamedPerFinding} more" : "");
            output.WriteLine(RunSummary.Line($"  {group.Key.Label,-13} {group.Key.Ids} in {names.Count} file(s) [{files}]: {group.Key.Message}"));
        }
    }

    private static string? Cn(string? subject)
    {
        if (subject is null)
        {
            return null;
        }

        int at = subject.IndexOf("CN=", StringComparison.Ordinal);
        if (at < 0)
        {
            return subject;
        }

        int end = subject.IndexOf(", ", at, StringComparison.Ordinal);
        return end < 0 ? subject[(at + 3)..] : subject[(at + 3)..end];
    }

    private static string Cut(string text, int width) => text.Length <= width ? text : text[..(width - 1)] + "…";
}
