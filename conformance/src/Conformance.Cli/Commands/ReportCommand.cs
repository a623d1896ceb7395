using System.CommandLine;
using Conformance.Runner.Reporting;
using Conformance.Runner.Results;
using Reports;

namespace Conformance.Cli.Commands;

/// <summary>
/// <c>tsa-conformance report FILE|DIR</c>: re-render the outputs of an earlier run from its report.json (report.html,
/// summary.md, junit.xml, checklist.csv, report.pdf; see the Reports library), re-seal the folder and print the
/// summary. <c>report verify DIR</c> checks a sealed folder. Exits with the verdict's code, so CI can gate on a stored
/// report.
/// </summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var input = new Argument<string>("REPORT") { Description = "report.json, or the output folder holding it" };
        var output = new Option<string?>("--out") { Description = "Folder to write the renderings into (default: the report's folder)" };
        var spec = new Option<string?>("--spec") { Description = "Directory holding requirements/ (default: the nearest spec/ above the working directory or the tool)" };
        var publishing = new ReportPublishing();
        var failOn = new Option<string?>("--fail-on") { Description = "Which grade makes the exit code 1: nonconformity or observation (default: as report.json recorded)" };
        var command = new Command("report", "Re-render report.html, summary.md, junit.xml, findings.sarif, checklist.csv (and report.pdf) from a report.json, and re-seal its folder. " + ExitCodes.HelpText);
        command.Arguments.Add(input);
        command.Options.Add(output);
        command.Options.Add(spec);
        command.Options.Add(failOn);
        publishing.AddTo(command);
        command.Subcommands.Add(ReportVerifyCommand.Create());
        command.SetAction(async (parse, cancellationToken) =>
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

            // Streamed: an inspection's report.json of thousands of files is read one file at a time, never whole.
            RunReport report;
            int inputs;
            try
            {
                (report, inputs) = ReportJsonStream.ReadHeader<RunReport>(path, ReportJson.Options);
            }
            catch (ReportInputException e)
            {
                error.WriteLine(e.Message);
                return ExitCodes.Usage;
            }

            if (!publishing.Validate(parse, error) || !SuiteOptions.TryParseFailOn(parse.GetValue(failOn), error, out FindingGrade gate))
            {
                return ExitCodes.Usage;
            }

            publishing.FailOn = parse.GetValue(failOn) is null ? null : gate.ToText();

            stdout.WriteLine($"{report.Command} of {report.Target?.Name ?? $"{inputs} stored token(s)"} on {report.StartedAt:yyyy-MM-dd HH:mm:ss zzz}");
            try
            {
                var stored = inputs == 0 ? [] : ReportJsonStream.ReadInputs<InputResult>(path, ReportJson.Options).SelectMany(i => i.Scenarios);
                foreach (ScenarioResult scenario in report.Scenarios.Concat(stored))
                {
                    string ids = scenario.RequirementIds.Count > 0 ? string.Join(",", scenario.RequirementIds) : "-";
                    string status = scenario.Status == ScenarioStatus.Failed ? RunSummary.Label(scenario).ToLowerInvariant() : scenario.Status.ToText();
                    stdout.WriteLine(RunSummary.Line($"  {status,-14} {ids,-13} {scenario.Feature}: {scenario.Name}"));
                }
            }
            catch (ReportInputException e)
            {
                error.WriteLine(e.Message);
                return ExitCodes.Usage;
            }

            stdout.WriteLine(report.Summary);
            stdout.WriteLine(RunSummary.GradeLine(report.Verdict, report.Summary));
            stdout.WriteLine(RunSummary.Line($"Verdict: {RunSummary.VerdictText(report.Verdict)} ({report.VerdictReason})"));
            string? renderInto = parse.GetValue(output) is { } o ? Path.GetFullPath(o) : null;
            return await publishing.PublishAsync(parse, parse.GetValue(spec), Path.GetFullPath(path), renderInto, RunSummary.ExitCode(report.Verdict, parse.GetValue(failOn) is null ? report.FailOn : gate, report.Summary), stdout, error, cancellationToken);
        });
        return command;
    }
}
