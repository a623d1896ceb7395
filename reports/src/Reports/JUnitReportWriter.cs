using System.Globalization;
using System.Text;
using System.Xml.Linq;
using Conformance.Catalogue.Text;

namespace Reports;

/// <summary>
/// junit.xml, rendered from the assessment so it agrees with the other reports: for a run, one testsuite per feature, one
/// testcase per scenario; for an inspection, one testsuite per stored file counting all its scenarios, one testcase per
/// scenario that did not pass (passed and not-applicable ones are only counted). A testcase is named "[IDs] scenario"
/// (the strict JUnit schemas allow no properties on a testcase, so the IDs are in
/// the name and the clause, expected and observed values in the failure's message and body); suite properties carry
/// the target, profile and verdict; a waived finding is a skipped testcase whose message says who waived it until when.
/// Only a nonconformity is a &lt;failure&gt;: an observation or informative finding is a passing testcase with the graded
/// finding in &lt;system-out&gt;, so a CI gate fails on nonconformities only (unless the run was --strict). Every text
/// goes through <see cref="VisibleText"/>: XML 1.0 cannot carry most control characters, which a hostile TSA can put in
/// its name or statusString.
/// Keeps to the common JUnit format (the XSD in the test project) that Jenkins, GitLab and GitHub reporters read.
/// </summary>
public static class JUnitReportWriter
{
    public const string FileName = "junit.xml";

    public static string Write(Assessment a, string directory)
    {
        string path = Path.Combine(directory, FileName);
        // UTF-8 without a byte order mark: several CI parsers reject a BOM before the XML declaration.
        using var writer = System.Xml.XmlWriter.Create(path, new System.Xml.XmlWriterSettings { Encoding = new UTF8Encoding(false), Indent = true });
        // One testsuite at a time: an inspection's files are streamed from report.json, never all in memory.
        XElement root = Root(a);
        writer.WriteStartDocument();
        writer.WriteStartElement(root.Name.LocalName);
        foreach (XAttribute attribute in root.Attributes())
        {
            writer.WriteAttributeString(attribute.Name.LocalName, attribute.Value);
        }

        foreach (XElement suite in Suites(a))
        {
            suite.WriteTo(writer);
        }

        writer.WriteEndElement();
        writer.WriteEndDocument();
        return path;
    }

    /// <summary>The whole document in memory (for a run, or a test); <see cref="Write"/> streams the same content.</summary>
    public static XDocument ToXml(Assessment a)
    {
        XElement root = Root(a);
        root.Add(Suites(a));
        return new XDocument(new XDeclaration("1.0", "utf-8", null), root);
    }

    private static bool Failure(ScenarioView v) => ScenarioTally.Failure(v);
    private static bool Error(ScenarioView v) => ScenarioTally.Error(v);
    private static bool Skip(ScenarioView v) => ScenarioTally.Skip(v);

    /// <summary>Testcases counted per file: an inspection's aggregated view stands for <see cref="ScenarioView.Files"/> of them.</summary>
    private static int Count(IEnumerable<ScenarioView> views, Func<ScenarioView, bool> p) => views.Where(p).Sum(v => v.Files);

    /// <summary>The testsuites element with its totals, without its suites.</summary>
    private static XElement Root(Assessment a)
    {
        var root = new XElement("testsuites",
            new XAttribute("name", $"tsa-conformance {a.Report.Command}"),
            new XAttribute("tests", Count(a.Scenarios, _ => true)),
            new XAttribute("failures", Count(a.Scenarios, Failure)),
            new XAttribute("errors", Count(a.Scenarios, Error)),
            new XAttribute("skipped", Count(a.Scenarios, Skip)),
            new XAttribute("time", Seconds((a.Report.FinishedAt - a.Report.StartedAt).TotalMilliseconds)));
        Sanitize(root);
        return root;
    }

    /// <summary>
    /// A run: one testsuite per feature with every scenario. inspect: one testsuite per stored file whose totals count
    /// every scenario of the file and whose testcases are only the scenarios that did not pass (kept from the one pass
    /// over report.json, <see cref="Assessment.ListedByFile"/>), without steps. Each suite is sanitised.
    /// </summary>
    private static IEnumerable<XElement> Suites(Assessment a)
    {
        IEnumerable<XElement> suites = a.Inputs.Count == 0
            ? a.Scenarios.GroupBy(v => v.Scenario.Feature).Select(group => FeatureSuite(a, group.Key, [.. group]))
            : a.ListedByFile().Select(file => FileSuite(a, file.Row, file.Listed));
        foreach (XElement suite in suites)
        {
            Sanitize(suite);
            yield return suite;
        }
    }

    private static XElement FeatureSuite(Assessment a, string name, IReadOnlyList<ScenarioView> views)
    {
        XElement suite = Suite(a, name, views.Aggregate(new ScenarioTally(), (tally, v) => tally.Add(v.Scenario, v)));
        foreach (ScenarioView view in views)
        {
            suite.Add(TestCase(view, view.IsFinding ? Finding.From(view, a.Catalogue) : null, a, steps: true));
        }

        return suite;
    }

    private static XElement FileSuite(Assessment a, InputRow row, IReadOnlyList<ScenarioView> listed)
    {
        ReportInput input = row.Input;
        XElement suite = Suite(a, Path.GetFileName(input.File), row.Tally);
        XElement properties = suite.Element("properties")!;
        properties.Add(Property("file", input.File), Property("file-verdict", input.Verdict));
        if (input.VerdictReason is { } reason)
        {
            properties.Add(Property("file-verdict-reason", reason));
        }

        foreach (ScenarioView view in listed)
        {
            suite.Add(TestCase(view, view.IsFinding ? Finding.From(view, a.Catalogue) : null, a, steps: false));
        }

        return suite;
    }

    /// <summary>The testsuite element with its totals and properties, without its testcases.</summary>
    private static XElement Suite(Assessment a, string name, ScenarioTally tally) => new("testsuite",
        new XAttribute("name", name),
        new XAttribute("tests", tally.Tests),
        new XAttribute("failures", tally.Failures),
        new XAttribute("errors", tally.Errors),
        new XAttribute("skipped", tally.Skipped),
        new XAttribute("time", Seconds(tally.DurationMs)),
        new XAttribute("timestamp", a.Report.StartedAt.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture)),
        new XElement("properties",
            Property("target", a.Report.Target?.Name ?? "stored tokens"),
            Property("profile", a.Report.Profile ?? "none"),
            Property("verdict", a.Verdict),
            Property("verdict-reason", a.VerdictReason),
            Property("grades", a.GradeCounts)));

    /// <summary>Every attribute and text node written visibly: attributes on one line, element text with its line breaks.</summary>
    private static void Sanitize(XElement root)
    {
        foreach (XElement element in root.DescendantsAndSelf())
        {
            foreach (XAttribute attribute in element.Attributes())
            {
                attribute.Value = VisibleText.Of(attribute.Value, keepLineBreaks: false)!;
            }

            foreach (XText text in element.Nodes().OfType<XText>())
            {
                text.Value = VisibleText.Of(text.Value)!;
            }
        }
    }

    private static XElement TestCase(ScenarioView view, Finding? finding, Assessment a, bool steps)
    {
        ReportScenario s = view.Scenario;
        string ids = s.RequirementIds.Count > 0 ? $"[{string.Join(", ", s.RequirementIds)}] " : "";
        var testCase = new XElement("testcase",
            new XAttribute("name", ids + s.Name),
            new XAttribute("classname", s.Feature),
            new XAttribute("time", Seconds(s.DurationMs)));
        string message = finding is null ? s.Message ?? ""
            : finding.Expected is null && finding.Observed is null ? finding.Summary
            : $"{finding.Summary} | expected: {finding.Expected ?? "-"} | observed: {finding.Observed ?? "-"}";
        if (view.Waived)
        {
            Waiver w = view.Waiver!;
            testCase.Add(new XElement("skipped", new XAttribute("message", $"waived until {w.Expires:yyyy-MM-dd} by {w.Approver} ({w.Justification}): {message}")));
        }
        else if (s.Status == Outcome.Failed && s.EffectiveGrade == Grades.Nonconformity)
        {
            testCase.Add(new XElement("failure", new XAttribute("message", message), new XAttribute("type", "requirement-not-met"), Detail(finding, view)));
        }
        else if (s.Status == Outcome.Error)
        {
            testCase.Add(new XElement("error", new XAttribute("message", message), new XAttribute("type", "not-checkable"), Detail(finding, view)));
        }
        // An observation or informative finding (failed, not a nonconformity) passes the testcase: its finding is in system-out.
        else if (s.Status is Outcome.Skipped or Outcome.NotApplicable or Outcome.NeedsEvidence)
        {
            testCase.Add(new XElement("skipped", new XAttribute("message", $"{s.Status}: {s.Message}")));
        }

        var output = new StringBuilder();
        if (!view.Waived && s.Status == Outcome.Failed && finding is not null)
        {
            output.Append(CultureInfo.InvariantCulture, $"{finding.Grade.ToUpperInvariant()} ({finding.GradeReason}): {message}\n");
            if (!finding.IsNonconformity)
            {
                output.Append(Detail(finding, view)).Append('\n');
            }
        }

        foreach (ReportStep step in steps ? s.Steps : [])
        {
            output.Append(CultureInfo.InvariantCulture, $"{step.Status,-9} {step.Keyword} {step.Text}{(step.Message is null ? "" : " -- " + step.Message)}\n");
        }

        foreach (string file in s.Evidence)
        {
            output.Append(CultureInfo.InvariantCulture, $"evidence: evidence/{file}\n");
        }

        testCase.Add(new XElement("system-out", output.ToString()));
        return testCase;
    }

    private static string Detail(Finding? f, ScenarioView view) => f is null ? view.Scenario.Message ?? "" :
        $"{f.Summary}\ngrade: {f.Grade} ({f.GradeReason})\nrequirement: {f.RequirementIds}\nclause: {f.Clause}\nexpected: {f.Expected ?? "(see the requirement)"}\nobserved: {f.Observed ?? "(see the finding)"}\nremediation: {f.Remediation}"
        + (view.ExpiredWaiver is { } x ? $"\nwaiver {x.Source} expired on {x.Expires:yyyy-MM-dd}: no effect" : "");

    private static XElement Property(string name, string value) => new("property", new XAttribute("name", name), new XAttribute("value", value));

    private static string Seconds(double milliseconds) => (milliseconds / 1000).ToString("0.###", CultureInfo.InvariantCulture);
}
