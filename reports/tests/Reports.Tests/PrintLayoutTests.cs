using System.Text.RegularExpressions;

namespace Reports.Tests;

/// <summary>
/// What the printed report relies on: the page footer names the report without letting target text escape the style
/// element, the per-clause summary lists each standard once with totals that add up and its clauses in document order,
/// and the chart copes with a single sample.
/// </summary>
public sealed partial class PrintLayoutTests
{
    [Fact]
    public void The_page_footer_names_the_report_and_target_text_cannot_leave_the_style_element()
    {
        const string Hostile = "evil\" } body { display: none } </style><script>alert(1)</script>";
        string html = HtmlReportWriter.Render(TestFiles.Assess(TestFiles.CopyRun(r => r["target"]!["name"] = Hostile)));

        string head = html[..html.IndexOf("</head>", StringComparison.Ordinal)];
        Assert.Equal(1, Regex.Count(head, "</style>"));
        Assert.DoesNotContain("<script>", head);
        Match footer = FooterContent().Match(head);
        Assert.True(footer.Success, "no @bottom-left footer in the print style");
        Assert.StartsWith("Time-stamping conformance report: evil", footer.Groups[1].Value);
        Assert.DoesNotContain("\"", footer.Groups[1].Value);
        Assert.Contains("counter(page) \" of \" counter(pages)", head);
    }

    [Fact]
    public void The_summary_lists_each_standard_once_with_totals_that_add_up_and_clauses_in_document_order()
    {
        Assessment a = TestFiles.Assess(TestFiles.CopyRun(r => r["profile"] = "etsi"), spec: TestFiles.Spec);
        string html = HtmlReportWriter.Render(a);
        string summary = html[html.IndexOf("<section id=\"summary\">", StringComparison.Ordinal)..];
        summary = summary[..summary.IndexOf("</section>", StringComparison.Ordinal)];

        var groups = Group().Matches(summary).ToList();
        Assert.Equal(a.Clauses.Select(c => c.Standard).Distinct().Count(), groups.Count);
        Assert.Equal(groups.Count, groups.Select(g => g.Groups["standard"].Value).Distinct().Count());
        foreach (Match g in groups)
        {
            var rows = Row().Matches(g.Groups["body"].Value).Select(m => m.Groups.Values.Skip(1).Select(v => v.Value).ToArray()).ToList();
            int[] total = rows[0].Skip(1).Select(int.Parse).ToArray();
            var clauses = rows.Skip(1).ToList();
            Assert.Equal(g.Groups["standard"].Value, rows[0][0]);
            for (int column = 0; column < total.Length; column++)
            {
                Assert.Equal(total[column], clauses.Sum(c => int.Parse(c[column + 1])));
            }

            var names = clauses.Select(c => c[0]).ToList();
            Assert.Equal(names.Order(ClauseOrder.Instance), names);
        }
    }

    [Fact]
    public void Attested_requirements_take_one_row_per_register_document_and_one_list_for_those_without_an_entry()
    {
        string dir = TestFiles.CopyRun(r => r["profile"] = "etsi");
        string cps = Path.Combine(dir, "cps.pdf");
        File.WriteAllText(cps, "practice statement v4");
        string hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(File.ReadAllBytes(cps)));
        string[] covered = ["EN319421-OVR-6.1-01", "EN319421-OVR-6.2-01", "EN319421-OVR-6.3-01"];
        string register = Path.Combine(dir, "register.yaml");
        File.WriteAllText(register, "evidence:\n" + string.Concat(covered.Select(id =>
            $"  - requirement: {id}\n    document: cps.pdf\n    sha256: {hash}\n    owner: PMA\n    approved: 2026-01-10\n    next_review: 2027-01-10\n")));
        Assessment a = TestFiles.Assess(dir, new ReportOptions { EvidenceRegister = register });
        string html = HtmlReportWriter.Render(a);
        string section = html[html.IndexOf("<section id=\"attested\">", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("</section>", StringComparison.Ordinal)];

        var attested = a.Matrix.Where(m => m.Attestation is not null).ToList();
        Assert.True(attested.Count > covered.Length + 10, "the etsi profile should leave many attested requirements without an entry");
        Assert.Single(Regex.Matches(section, "<tr data-attestation=\"evidenced\">"));
        Assert.Equal(2, Regex.Count(section, "<tr"));
        foreach (string id in covered)
        {
            Assert.Contains($"data-requirement=\"{id}\" data-attestation=\"evidenced\"", section);
        }

        Assert.Equal(attested.Count - covered.Length, Regex.Count(section, "data-attestation=\"missing\""));
        Assert.Contains($"No entry in the register ({attested.Count - covered.Length}):", section);
        Assert.Contains($"{attested.Count} attested requirement(s) in scope: 3 evidenced, 0 expired, 0 hash-mismatch, {attested.Count - 3} missing (no entry, or its document not found)", section);
    }

    [Theory]
    [InlineData("7.9", "7.10")]
    [InlineData("Art. 5", "Art. 13(1)")]
    [InlineData("Annex point 1(4)", "Annex point 1(10)")]
    [InlineData("2.1 (2)", "2.1 (10)")]
    [InlineData("5.2.3", "Annex A")]
    [InlineData("7.7", "7.7.1")]
    public void Clauses_sort_in_document_order(string first, string second)
    {
        Assert.True(ClauseOrder.Instance.Compare(first, second) < 0, $"{first} should come before {second}");
        Assert.True(ClauseOrder.Instance.Compare(second, first) > 0);
    }

    [Fact]
    public void A_single_sample_is_plotted_inside_the_axis()
    {
        var t = new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero);
        string svg = TimeAccuracyChart.Svg([new TimeSample("only.tst", t.AddMilliseconds(-7), t, 3, null) { Endpoint = "tsa" }], 1m);
        Match point = Sample().Match(svg);
        Assert.True(point.Success);
        Assert.Single(Sample().Matches(svg));
        double cx = double.Parse(point.Groups["cx"].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(cx, 64, 720 - 18);
        Assert.DoesNotContain("NaN", svg);
        Assert.DoesNotContain("Infinity", svg);
    }

    [GeneratedRegex("@bottom-left \\{ content: \"([^\"]*)\"")]
    private static partial Regex FooterContent();

    [GeneratedRegex("<tbody data-standard=\"(?<standard>[^\"]*)\">(?<body>.*?)</tbody>", RegexOptions.Singleline)]
    private static partial Regex Group();

    [GeneratedRegex("<tr[^>]*><t[hd][^>]*>([^<]*)</t[hd]>" + "<td[^>]*>(\\d+)</td>" + "<td[^>]*>(\\d+)</td><td[^>]*>(\\d+)</td><td[^>]*>(\\d+)</td><td[^>]*>(\\d+)</td><td[^>]*>(\\d+)</td><td[^>]*>(\\d+)</td><td[^>]*>(\\d+)</td></tr>")]
    private static partial Regex Row();

    [GeneratedRegex("<circle class=\"sample\" cx=\"(?<cx>[-0-9.]+)\"")]
    private static partial Regex Sample();
}
