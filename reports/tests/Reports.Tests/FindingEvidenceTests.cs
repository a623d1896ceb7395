using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Reports.Tests;

/// <summary>
/// Every finding card in report.html names its input (the stored file under inspect, the time-stamp requests sent under
/// run) and lists its evidence files, each of which exists in the run's evidence folder: read back from the rendered HTML.
/// </summary>
public sealed partial class FindingEvidenceTests
{
    [Fact]
    public void Every_run_finding_names_the_requests_it_sent_and_its_evidence_files()
    {
        string dir = TestFiles.CopyRun(r =>
        {
            TestFiles.FailGraded(r, "TSP-TST-008", "TSP-TST-008: accuracy too coarse (expected: at most 1 s; observed: 2 s)", "nonconformity", "MUST", "verified", "MUST (verified)");
            TestFiles.FailGraded(r, "TSP-REQ-002", "TSP-REQ-002: nonce not echoed (expected: the request's nonce; observed: absent)", "observation", "SHOULD", "verified", "SHOULD (verified)");
        });
        Assessment a = TestFiles.Assess(dir);
        string html = HtmlReportWriter.Render(a, new AppendixReference(AppendixWriter.FileName, new string('0', 64)));

        var cards = Cards(html);
        Assert.Equal(2, cards.Count);
        foreach (Card card in cards)
        {
            string input = Assert.Contains("Input", card.Rows);
            var requests = EvidenceName().Matches(input).Select(m => m.Groups["f"].Value).ToList();
            Assert.NotEmpty(requests);
            Assert.All(requests, f => Assert.EndsWith("-request.tsq", f));
            var evidence = EvidenceName().Matches(Assert.Contains("Evidence", card.Rows)).Select(m => m.Groups["f"].Value).Distinct().ToList();
            Assert.Contains(".tst", string.Join(" ", evidence));
            Assert.Subset(evidence.ToHashSet(), requests.ToHashSet());
            Assert.All(evidence, f => Assert.True(File.Exists(Path.Combine(dir, "evidence", f)), $"{card.Title}: evidence/{f} is not in the run's evidence"));
        }

        Assert.Contains(cards, c => c.Rows["Input"].Contains("evidence/0016-tsp-tst-008-request.tsq", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_inspect_finding_names_its_input_file_and_its_evidence_files()
    {
        string dir = TestFiles.CopyRun(r =>
        {
            var template = r["scenarios"]!.AsArray().Select(s => s!.AsObject()).First(s => s["requirementIds"]!.AsArray().Any(id => id!.GetValue<string>() == "TSP-TST-008"));
            JsonObject Failed(string message)
            {
                var copy = (JsonObject)template.DeepClone();
                copy["status"] = "failed";
                copy["message"] = message;
                copy["evidence"] = new JsonArray();
                return copy;
            }

            r["command"] = "inspect";
            r["scenarios"] = new JsonArray();
            r["verdict"] = "non-conformant";
            r["inputs"] = new JsonArray(
                Input("/archive/a.tst", "0024-tsp-tst-008-token.tst", Failed("TSP-TST-008: accuracy too coarse (expected: at most 1 s; observed: 2 s)")),
                Input("/archive/b.tsr", "0009-tsp-tst-001-token.tst", Failed("TSP-TST-008: accuracy missing (expected: an accuracy; observed: absent)")));
        });
        Assessment a = TestFiles.Assess(dir);
        string html = HtmlReportWriter.Render(a, new AppendixReference(AppendixWriter.FileName, new string('0', 64)));

        var cards = Cards(html);
        Assert.Equal(2, cards.Count);
        Assert.Equal(["a.tst", "b.tsr"], cards.Select(c => c.Rows["Input file"]).Order());
        foreach (Card card in cards)
        {
            var evidence = EvidenceName().Matches(card.Rows["Evidence"]).Select(m => m.Groups["f"].Value).Distinct().ToList();
            string expected = card.Rows["Input file"] == "a.tst" ? "0024-tsp-tst-008-token.tst" : "0009-tsp-tst-001-token.tst";
            Assert.Equal([expected], evidence);
            Assert.True(File.Exists(Path.Combine(dir, "evidence", expected)));
        }
    }

    [Fact]
    public void Checks_that_could_not_be_made_for_one_cause_share_one_card_naming_the_file_every_requirement_and_the_evidence()
    {
        const string Unreadable = "/archive/truncated.tst: not a TimeStampResp or TimeStampToken (ASN.1: the encoded length exceeds the input)";
        string[] ids = ["TSP-TST-001", "TSP-TST-008", "TSP-REQ-001", "TSP-REQ-002", "TSP-HTTP-001"];
        string dir = TestFiles.CopyRun(r =>
        {
            var scenarios = r["scenarios"]!.AsArray().Select(s => s!.AsObject()).ToList();
            JsonObject Errored(string id, string message)
            {
                var copy = (JsonObject)scenarios.First(s => s["requirementIds"]!.AsArray().Any(x => x!.GetValue<string>() == id)).DeepClone();
                copy["status"] = "error";
                copy["message"] = message;
                copy["evidence"] = new JsonArray();
                return copy;
            }

            var errored = new JsonArray([.. ids.Select(id => Errored(id, Unreadable))]);
            errored.Add(Errored("TSP-REQ-004", "TSP-REQ-004 could not be checked: something else"));
            r["command"] = "inspect";
            r["scenarios"] = new JsonArray();
            r["verdict"] = "incomplete";
            r["inputs"] = new JsonArray(new JsonObject
            {
                ["file"] = "/archive/truncated.tst", ["kind"] = "unknown", ["encoding"] = "DER", ["verdict"] = "incomplete",
                ["scenarios"] = errored, ["evidence"] = new JsonArray("0009-tsp-tst-001-token.tst"),
            });
        });
        string html = HtmlReportWriter.Render(TestFiles.Assess(dir), new AppendixReference(AppendixWriter.FileName, new string('0', 64)));

        var cards = Cards(html);
        Assert.Equal(2, cards.Count);
        Card cause = Assert.Single(cards, c => c.Title.Contains("5 checks could not be made for truncated.tst", StringComparison.Ordinal));
        Assert.Equal("truncated.tst", cause.Rows["Input file"]);
        Assert.Equal(Unreadable, cause.Rows["Finding"]);
        Assert.Equal(string.Join(", ", ids.Order(StringComparer.Ordinal)), cause.Rows["Requirements not checked (5)"]);
        Assert.Equal("evidence/0009-tsp-tst-001-token.tst", cause.Rows["Evidence"]);
        Card single = Assert.Single(cards, c => c != cause);
        Assert.Contains("TSP-REQ-004", single.Title);
        Assert.Equal("truncated.tst", single.Rows["Input file"]);
        Assert.Equal(1, Regex.Count(html, Regex.Escape(WebUtility.HtmlEncode(Unreadable))));
    }

    private static JsonObject Input(string file, string evidence, JsonObject scenario) => new()
    {
        ["file"] = file, ["kind"] = "TimeStampToken", ["encoding"] = "DER", ["verdict"] = "non-conformant",
        ["scenarios"] = new JsonArray(scenario), ["evidence"] = new JsonArray(evidence),
    };

    private sealed record Card(string Title, IReadOnlyDictionary<string, string> Rows);

    /// <summary>The finding cards of a rendered report: title and key → cell text (tags stripped, entities decoded).</summary>
    private static List<Card> Cards(string html) =>
        CardBlock().Matches(html).Select(m =>
        {
            string block = m.Value;
            var rows = RowPattern().Matches(block).ToDictionary(r => WebUtility.HtmlDecode(r.Groups["k"].Value),
                r => WebUtility.HtmlDecode(Tags().Replace(r.Groups["v"].Value, "")));
            return new Card(WebUtility.HtmlDecode(Tags().Replace(TitlePattern().Match(block).Value, "")), rows);
        }).ToList();

    [GeneratedRegex("<div class=\"finding [^\"]*\".*?</table>\n</div>", RegexOptions.Singleline)]
    private static partial Regex CardBlock();

    [GeneratedRegex("<tr><th>(?<k>[^<]+)</th><td[^>]*>(?<v>.*?)</td></tr>", RegexOptions.Singleline)]
    private static partial Regex RowPattern();

    [GeneratedRegex("<h3>.*?</h3>", RegexOptions.Singleline)]
    private static partial Regex TitlePattern();

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex Tags();

    [GeneratedRegex(@"evidence/(?<f>\d{4}-[^\s,<]+)")]
    private static partial Regex EvidenceName();
}
