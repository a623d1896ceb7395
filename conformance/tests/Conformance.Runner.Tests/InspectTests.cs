using Conformance.Runner.Results;
using Conformance.Runner.Tests.Infrastructure;

namespace Conformance.Runner.Tests;

public sealed class InspectTests
{
    /// <summary>Inspects with the basic feature set (the stub TSA's tokens do not aim at the full certificate profile).</summary>
    private static Task<RunReport> InspectAsync(TempDirectory temp, params string[] files) =>
        ConformanceRunner.InspectAsync(files, new RunOptions { OutputDirectory = temp.Combine("out"), FeaturesDirectory = BasicFeatures.Directory }, TestContext.Current.CancellationToken);

    /// <summary>Inspects with every feature.</summary>
    private static Task<RunReport> InspectAllAsync(TempDirectory temp, params string[] files) =>
        ConformanceRunner.InspectAsync(files, new RunOptions { OutputDirectory = temp.Combine("out") }, TestContext.Current.CancellationToken);

    [Fact]
    public async Task A_TSU_certificate_carried_by_many_stored_tokens_is_one_evidence_file_listed_for_each()
    {
        using var temp = new TempDirectory();
        var tsu = new StubTsa(new StubDefects { AlwaysIncludeCertificates = true });
        var other = new StubTsa(new StubDefects { AlwaysIncludeCertificates = true, ExtraCertificates = 1 });
        File.WriteAllBytes(temp.Combine("a.tsr"), tsu.IssueResponse());
        File.WriteAllBytes(temp.Combine("b.tsr"), tsu.IssueResponse());
        File.WriteAllBytes(temp.Combine("c.tsr"), other.IssueResponse());

        RunReport report = await InspectAsync(temp, temp.Combine("a.tsr"), temp.Combine("b.tsr"), temp.Combine("c.tsr"));

        string[] Certificates(int i) => [.. report.Inputs[i].Evidence.Where(e => e.EndsWith(".cer", StringComparison.Ordinal))];
        string shared = Assert.Single(Certificates(0));
        Assert.Equal([shared], Certificates(1));
        // The third token carries the same TSU certificate and one of its own.
        Assert.Equal(2, Certificates(2).Length);
        Assert.Contains(shared, Certificates(2));
        Assert.Matches("^[0-9]{4}-certificate-[0-9a-f]{16}\\.cer$", shared);
        string[] files = Directory.GetFiles(temp.Combine("out", "evidence"), "*.cer");
        Assert.Equal(2, files.Length);
        // The file is the certificate the tokens carry, byte for byte; the tokens themselves are stored one file each.
        var token = Conformance.Checks.Protocol.StoredToken.Read(temp.Combine("a.tsr")).Token!;
        Assert.Equal(token.Certificates[0].ToArray(), File.ReadAllBytes(temp.Combine("out", "evidence", shared)));
        Assert.Equal(3, Directory.GetFiles(temp.Combine("out", "evidence"), "*.tst").Length);
    }

    [Fact]
    public async Task A_stored_token_gets_per_requirement_results_for_token_level_scenarios_only()
    {
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.Combine("good.tsr"), new StubTsa().IssueResponse());

        RunReport report = await InspectAsync(temp, temp.Combine("good.tsr"));

        InputResult input = Assert.Single(report.Inputs);
        Assert.Equal("TimeStampResp", input.Kind);
        Assert.Empty(report.Scenarios);
        Assert.NotEmpty(input.Scenarios);
        Assert.All(input.Scenarios, s => Assert.Contains("token", s.Tags));
        Assert.Contains(input.Scenarios, s => s.RequirementIds.Contains("TSP-TST-008"));
        Assert.All(input.Scenarios, s => Assert.Equal(ScenarioStatus.Passed, s.Status));
        Assert.Equal(Verdict.Conformant, report.Verdict);
        Assert.Contains(input.Evidence, f => f.EndsWith(".tsr", StringComparison.Ordinal));
        Assert.Contains(input.Evidence, f => f.EndsWith(".cer", StringComparison.Ordinal));
        Assert.True(File.Exists(temp.Combine("out", "report.json")));
    }

    [Fact]
    public async Task A_token_without_accuracy_fails_TSP_TST_008_offline()
    {
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.Combine("no-accuracy.tsr"), new StubTsa(new StubDefects { OmitAccuracy = true }).IssueResponse());

        RunReport report = await InspectAsync(temp, temp.Combine("no-accuracy.tsr"));

        ScenarioResult accuracy = Assert.Single(report.Inputs[0].Scenarios, s => s.RequirementIds.Contains("TSP-TST-008"));
        Assert.Equal(ScenarioStatus.Failed, accuracy.Status);
        Assert.Equal("TSP-TST-008: the token declares no accuracy (expected: accuracy present, at most 1 s; observed: accuracy absent)", accuracy.Message);
        Assert.Equal(Verdict.NonConformant, report.Verdict);
    }

    [Fact]
    public async Task A_file_that_is_not_a_token_is_an_error_and_the_others_are_still_inspected()
    {
        using var temp = new TempDirectory();
        File.WriteAllText(temp.Combine("page.tst"), "<html>nope</html>");
        File.WriteAllBytes(temp.Combine("good.tsr"), new StubTsa().IssueResponse());

        RunReport report = await InspectAsync(temp, temp.Combine("page.tst"), temp.Combine("good.tsr"));

        Assert.Equal(2, report.Inputs.Count);
        InputResult bad = report.Inputs[0];
        Assert.StartsWith(temp.Combine("page.tst") + ":", bad.Error);
        Assert.All(bad.Scenarios, s => Assert.Equal(ScenarioStatus.Error, s.Status));
        Assert.Equal(Verdict.Incomplete, bad.Verdict);
        Assert.Equal(Verdict.Conformant, report.Inputs[1].Verdict);
        Assert.Equal(Verdict.Incomplete, report.Verdict);
    }

    [Fact]
    public async Task Real_tokens_are_inspected_without_a_crash()
    {
        if (RealTokens.Directory is null)
        {
            Assert.Skip("real-token corpus not found (shared/corpus/real-tokens); set TSA_REAL_TOKENS");
        }

        using var temp = new TempDirectory();
        string[] files = [.. Directory.EnumerateFiles(RealTokens.Directory).Where(f => f.EndsWith(".tst", StringComparison.Ordinal) || f.EndsWith(".tsr", StringComparison.Ordinal)).Order()];

        RunReport report = await InspectAllAsync(temp, files);

        Assert.Equal(files.Length, report.Inputs.Count);
        Assert.All(report.Inputs, input =>
        {
            Assert.Null(input.Error);
            // No crash: every token-level scenario passes, reports a finding, or does not apply to this token (no error).
            // The one designed error: TSP-QTS-006 on a qualified token when no trusted list was given (incomplete, never a pass).
            Assert.All(input.Scenarios, s => Assert.True(s.Status is ScenarioStatus.Passed or ScenarioStatus.Failed or ScenarioStatus.NotApplicable
                || (s.Status == ScenarioStatus.Error && s.RequirementIds.Contains("TSP-QTS-006") && s.Message!.Contains("no EU trusted list was supplied", StringComparison.Ordinal)),
                $"{input.File}: {s.Name}: {s.Status} {s.Message}"));
            Assert.Contains(input.Scenarios, s => s.RequirementIds.Contains("TSP-CMS-010"));
            Assert.Equal(ScenarioStatus.Passed, input.Scenarios.Single(s => s.RequirementIds.Contains("TSP-TST-001")).Status);
        });
        var digicert = report.Inputs.Single(i => i.File.EndsWith("digicert-sha2-timestamp-responder-2018.tsr", StringComparison.Ordinal));
        Assert.Equal(ScenarioStatus.Failed, digicert.Scenarios.Single(s => s.RequirementIds.Contains("TSP-TST-008")).Status);
    }

    /// <summary>TimeStampResp { PKIStatusInfo { status, statusString?, failInfo? } } without a token.</summary>
    private static byte[] Rejection(int status, string? text, int? failBit)
    {
        var writer = new System.Formats.Asn1.AsnWriter(System.Formats.Asn1.AsnEncodingRules.DER);
        using (writer.PushSequence())
        using (writer.PushSequence())
        {
            writer.WriteInteger(status);
            if (text is not null)
            {
                using (writer.PushSequence())
                {
                    writer.WriteCharacterString(System.Formats.Asn1.UniversalTagNumber.UTF8String, text);
                }
            }

            if (failBit is { } bit)
            {
                byte[] bits = new byte[bit / 8 + 1];
                bits[bit / 8] = (byte)(0x80 >> (bit % 8));
                writer.WriteBitString(bits, 7 - bit % 8);
            }
        }

        return writer.Encode();
    }

    [Fact]
    public async Task A_stored_rejection_is_judged_by_the_response_checks_and_the_report_shows_what_the_TSA_said()
    {
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.Combine("refused.tsr"), Rejection(2, "unsupported hash", 0));

        RunReport report = await InspectAllAsync(temp, temp.Combine("refused.tsr"));

        InputResult input = Assert.Single(report.Inputs);
        Assert.Null(input.Error);
        Assert.Equal("rejection (2); failInfo BadAlg; statusString \"unsupported hash\"; no token", input.ResponseStatus);
        foreach (string id in new[] { "TSP-RESP-001", "TSP-RESP-002", "TSP-RESP-003" })
        {
            Assert.Equal(ScenarioStatus.Passed, Assert.Single(input.Scenarios, s => s.RequirementIds.Contains(id)).Status);
        }

        Assert.DoesNotContain(input.Scenarios, s => s.Status == ScenarioStatus.Error);
        Assert.Contains(input.Scenarios, s => s.Status == ScenarioStatus.NotApplicable && s.Message!.Contains("carries no token", StringComparison.Ordinal));
        Assert.Equal(Verdict.Conformant, input.Verdict);
    }

    [Fact]
    public async Task A_stored_rejection_without_failInfo_and_a_grant_without_token_are_findings()
    {
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.Combine("no-reason.tsr"), Rejection(2, null, null));
        File.WriteAllBytes(temp.Combine("granted-empty.tsr"), Rejection(0, null, null));

        RunReport report = await InspectAllAsync(temp, temp.Combine("no-reason.tsr"), temp.Combine("granted-empty.tsr"));

        ScenarioResult why = Assert.Single(report.Inputs[0].Scenarios, s => s.RequirementIds.Contains("TSP-RESP-003"));
        Assert.Equal(ScenarioStatus.Failed, why.Status);
        Assert.Equal(FindingGrade.Observation, why.Grade);
        ScenarioResult presence = Assert.Single(report.Inputs[1].Scenarios, s => s.RequirementIds.Contains("TSP-RESP-001"));
        Assert.Equal(ScenarioStatus.Failed, presence.Status);
        Assert.Equal(FindingGrade.Nonconformity, presence.Grade);
    }

    [Fact]
    public async Task A_token_without_certificates_says_on_the_verdict_that_its_signature_was_not_checked()
    {
        using var temp = new TempDirectory();
        File.WriteAllBytes(temp.Combine("no-certificate.tsr"), new StubTsa().IssueResponse(certReq: false));

        RunReport report = await InspectAllAsync(temp, temp.Combine("no-certificate.tsr"));

        Assert.Equal(ScenarioStatus.NotApplicable, Assert.Single(report.Inputs[0].Scenarios, s => s.RequirementIds.Contains("TSP-CMS-010")).Status);
        Assert.Contains(VerdictRules.SignatureNotCheckedNote, report.VerdictReason);
    }
}
