using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Conformance.Runner.Results;

namespace Conformance.Runner.Reporting;

/// <summary>
/// junit.xml for CI systems: one testsuite per feature (per input file and feature for inspect), one testcase per
/// scenario. failed → failure, error → error, skipped and not-applicable → skipped (with the reason).
/// </summary>
public static class JUnitWriter
{
    public const string FileName = "junit.xml";

    public static string Write(RunReport report, string directory)
    {
        string path = Path.Combine(directory, FileName);
        ToXml(report).Save(path);
        return path;
    }

    public static XDocument ToXml(RunReport report)
    {
        var groups = report.Scenarios.Select(s => (Suite: s.Feature, Scenario: s))
            .Concat(report.Inputs.SelectMany(i => i.Scenarios.Select(s => (Suite: $"{Path.GetFileName(i.File)} :: {s.Feature}", Scenario: s))))
            .GroupBy(x => x.Suite, x => x.Scenario);

        var root = new XElement("testsuites",
            new XAttribute("name", $"tsa-conformance {report.Command}"),
            new XAttribute("tests", report.Summary.Total),
            new XAttribute("failures", report.Summary.Failed),
            new XAttribute("errors", report.Summary.Error),
            new XAttribute("skipped", report.Summary.Skipped + report.Summary.NotApplicable),
            new XAttribute("time", Seconds((report.FinishedAt - report.StartedAt).TotalMilliseconds)));

        foreach (var group in groups)
        {
            var counts = ResultCounts.Of(group);
            var suite = new XElement("testsuite",
                new XAttribute("name", group.Key),
                new XAttribute("tests", counts.Total),
                new XAttribute("failures", counts.Failed),
                new XAttribute("errors", counts.Error),
                new XAttribute("skipped", counts.Skipped + counts.NotApplicable),
                new XAttribute("time", Seconds(group.Sum(s => s.DurationMs))),
                new XAttribute("timestamp", report.StartedAt.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)));
            foreach (ScenarioResult scenario in group)
            {
                suite.Add(TestCase(scenario));
            }

            root.Add(suite);
        }

        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }

    private static XElement TestCase(ScenarioResult scenario)
    {
        string ids = scenario.RequirementIds.Count > 0 ? $"[{string.Join(", ", scenario.RequirementIds)}] " : "";
        var testCase = new XElement("testcase",
            new XAttribute("classname", scenario.Feature),
            new XAttribute("name", ids + scenario.Name),
            new XAttribute("time", Seconds(scenario.DurationMs)));
        string message = scenario.Message ?? "";
        switch (scenario.Status)
        {
            case ScenarioStatus.Failed:
                testCase.Add(new XElement("failure", new XAttribute("message", message), new XAttribute("type", "requirement-not-met"), message));
                break;
            case ScenarioStatus.Error:
                testCase.Add(new XElement("error", new XAttribute("message", message), new XAttribute("type", "incomplete"), message));
                break;
            case ScenarioStatus.Skipped:
            case ScenarioStatus.NotApplicable:
                testCase.Add(new XElement("skipped", new XAttribute("message", $"{scenario.Status.ToText()}: {message}")));
                break;
        }

        var output = new StringBuilder();
        output.Append(CultureInfo.InvariantCulture, $"{scenario.Location} severity={scenario.Severity}\n");
        foreach (StepResult step in scenario.Steps)
        {
            output.Append(CultureInfo.InvariantCulture, $"{step.Status,-9} {step.Keyword} {step.Text}{(step.Message is null ? "" : " -- " + step.Message)}\n");
        }

        foreach (string file in scenario.Evidence)
        {
            output.Append(CultureInfo.InvariantCulture, $"evidence: evidence/{file}\n");
        }

        testCase.Add(new XElement("system-out", output.ToString()));
        return testCase;
    }

    private static string Seconds(double milliseconds) => (milliseconds / 1000).ToString("0.###", CultureInfo.InvariantCulture);
}
