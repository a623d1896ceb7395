using System.CommandLine;
using Conformance.Runner.Reporting;
using Conformance.Runner.Results;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>tsa-conformance report FILE|DIR</c>: re-render the outputs of an earlier run from its report.json (junit.xml
/// now; the HTML and Markdown renderings arrive with the report issue) and print the summary. Exits with the verdict's
/// code, so CI can gate on a stored report.
/// </summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("REPORT") { Description = "report.json, or the output folder holding it" };
        var output = new Option<string?>("--out") { Description = "Folder to write the renderings into (default: the report's folder)" };
        var command = new Command("report", "Re-render junit.xml and the summary from a report.json");
        command.Arguments.Add(input);
        command.Options.Add(output);
        command.SetAction(parse =>
        {
            TextWriter stdout = parse.InvocationConfiguration.Output;
            TextWriter error = parse.InvocationConfiguration.Error;
            string path = parse.GetValue(input)!;
            if (Directory.Exists(path))
            {
                path = Path.Combine(path, ReportJson.FileName);
            }

            if (!File.Exists(path))
            {
                error.WriteLine($"{path}: no such report");
                return ExitCodes.Usage;
            }

            RunReport report;
            try
            {
                report = ReportJson.Read(path);
            }
            catch (InvalidDataException e)
            {
                error.WriteLine(e.Message);
                return ExitCodes.Usage;
            }

            string directory = Path.GetFullPath(parse.GetValue(output) ?? Path.GetDirectoryName(Path.GetFullPath(path))!);
            Directory.CreateDirectory(directory);
            string junit = JUnitWriter.Write(report, directory);
            stdout.WriteLine($"{report.Command} of {report.Target?.Name ?? $"{report.Inputs.Count} stored token(s)"} on {report.StartedAt:yyyy-MM-dd HH:mm:ss zzz}");
            foreach (ScenarioResult scenario in report.AllScenarios)
            {
                string ids = scenario.RequirementIds.Count > 0 ? string.Join(",", scenario.RequirementIds) : "-";
                stdout.WriteLine($"  {scenario.Status.ToText(),-14} {ids,-13} {scenario.Feature}: {scenario.Name}");
            }

            stdout.WriteLine(report.Summary);
            stdout.WriteLine($"Verdict: {RunSummary.VerdictText(report.Verdict)} ({report.VerdictReason})");
            stdout.WriteLine($"JUnit:   {junit}");
            return RunSummary.ExitCode(report.Verdict);
        });
        return command;
    }
}
