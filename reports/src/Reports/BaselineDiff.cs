namespace Reports;

/// <summary>
/// Run-to-run comparison with a previous report.json. Scenarios are matched by feature and name (stable when feature
/// files gain lines). Tokens differ on every run by design (nonce, genTime), so "changed evidence" means what should
/// be stable: the TSU certificates (by SHA-256) and the kinds of evidence a scenario captured.
/// </summary>
public sealed record BaselineDiff(
    string BaselinePath, DateTimeOffset BaselineStartedAt, string BaselineVerdict,
    IReadOnlyList<ReportScenario> NewFailures, IReadOnlyList<ReportScenario> Fixed,
    IReadOnlyList<string> ChangedEvidence, IReadOnlyList<string> NewScenarios, IReadOnlyList<string> RemovedScenarios)
{
    /// <param name="current">The scenarios of this run in report order (an inspection's aggregated views: the first file's result comes first).</param>
    public static BaselineDiff Compare(IEnumerable<ReportScenario> current, string currentEvidenceDirectory, string baselinePath)
    {
        // Streamed: a baseline inspection of thousands of files is read one file at a time, keeping the first of each scenario.
        (ReportModel baseline, int inputs) = ReportJsonStream.ReadHeader(baselinePath);
        string baselineEvidence = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(baselinePath))!, "evidence");
        var before = FirstOfEach(baseline.Scenarios.Concat(inputs == 0 ? [] : ReportJsonStream.ReadInputs(baselinePath).SelectMany(i => i.Scenarios)));
        var now = FirstOfEach(current);

        static bool Bad(ReportScenario s) => s.Status is Outcome.Failed or Outcome.Error;
        var newFailures = now.Values.Where(s => Bad(s) && !(before.TryGetValue(Key(s), out var b) && Bad(b))).ToList();
        var fixedOnes = now.Values.Where(s => s.Status == Outcome.Passed && before.TryGetValue(Key(s), out var b) && Bad(b)).ToList();

        var changed = new List<string>();
        var sumsBefore = EvidenceAppendix.ReadSha256Sums(Path.Combine(baselineEvidence, "MANIFEST.sha256"));
        var sumsNow = EvidenceAppendix.ReadSha256Sums(Path.Combine(currentEvidenceDirectory, "MANIFEST.sha256"));
        var certsBefore = Certificates(sumsBefore);
        var certsNow = Certificates(sumsNow);
        foreach (string hash in certsNow.Keys.Except(certsBefore.Keys))
        {
            changed.Add($"certificate {certsNow[hash]} (SHA-256 {hash[..16]}…) was not in the baseline");
        }

        foreach (string hash in certsBefore.Keys.Except(certsNow.Keys))
        {
            changed.Add($"certificate {certsBefore[hash]} of the baseline (SHA-256 {hash[..16]}…) is no longer presented");
        }

        foreach (var (key, scenario) in now)
        {
            if (before.TryGetValue(key, out ReportScenario? old))
            {
                var kindsNow = scenario.Evidence.Select(Kind).Distinct().Order().ToList();
                var kindsBefore = old.Evidence.Select(Kind).Distinct().Order().ToList();
                if (!kindsNow.SequenceEqual(kindsBefore))
                {
                    changed.Add($"{key}: evidence kinds {Join(kindsBefore)} -> {Join(kindsNow)}");
                }
            }
        }

        return new BaselineDiff(Path.GetFullPath(baselinePath), baseline.StartedAt, baseline.Verdict, newFailures, fixedOnes, changed,
            now.Keys.Except(before.Keys).Order().ToList(), before.Keys.Except(now.Keys).Order().ToList());
    }

    public static string Key(ReportScenario s) => $"{s.Feature} :: {s.Name}";

    private static Dictionary<string, ReportScenario> FirstOfEach(IEnumerable<ReportScenario> scenarios)
    {
        var first = new Dictionary<string, ReportScenario>(StringComparer.Ordinal);
        foreach (ReportScenario s in scenarios)
        {
            first.TryAdd(Key(s), s);
        }

        return first;
    }

    /// <summary>"0010-tsp-tst-001-certificate-1.cer" -> "tsp-tst-001-certificate-1.cer": the name without its sequence number.</summary>
    private static string Kind(string file) => file.Length > 5 && char.IsDigit(file[0]) && file[4] == '-' ? file[5..] : file;

    private static Dictionary<string, string> Certificates(Dictionary<string, string> sums) =>
        sums.Where(kv => kv.Key.EndsWith(".cer", StringComparison.Ordinal))
            .GroupBy(kv => kv.Value).ToDictionary(g => g.Key, g => g.First().Key);

    private static string Join(IEnumerable<string> items) => "[" + string.Join(", ", items) + "]";

    public bool IsNewFailure(ReportScenario s) => NewFailures.Any(f => Key(f) == Key(s));
}
