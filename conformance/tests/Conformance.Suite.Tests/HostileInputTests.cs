using System.Formats.Asn1;
using System.Text.Json;
using System.Xml.Linq;
using Conformance.Checks.Protocol;
using Conformance.Checks.Transport;
using Conformance.Cli;
using Conformance.Runner.Tests.Infrastructure;

namespace Conformance.Suite.Tests;

/// <summary>
/// Reports that survive hostile input (control characters a TSA can put in its name or statusString reach every
/// rendering written visibly, the exit code follows the verdict), and an inspect verdict that says when the TSU
/// certificate's chain was not checked.
/// </summary>
public sealed class HostileInputTests(ReferenceTsaTarget target) : IDisposable
{
    /// <summary>0x02, 0x18, 0x1C and ESC: not allowed in XML 1.0, and ESC would drive a terminal.</summary>
    private const string Hostile = "Evil\u0002TSA\u0018says\u001Cno\u001b[2J";
    private const string HostileVisible = @"Evil\x02TSA\x18says\x1Cno\x1B[2J";

    private readonly string _temp = Directory.CreateTempSubdirectory("tsa-conformance-hostile-").FullName;

    private static (int Exit, string Output, string Error) Invoke(params string[] args) => Conformance.Cli.Tests.Cli.Invoke(args);

    private string Temp(string name) => Path.Combine(_temp, name);

    /// <summary>A TimeStampResp rejection (status 2, failInfo badAlg) whose statusString carries <see cref="Hostile"/>.</summary>
    private static byte[] HostileRejection()
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            using (w.PushSequence())
            {
                w.WriteInteger(2);
                using (w.PushSequence())
                {
                    w.WriteCharacterString(UniversalTagNumber.UTF8String, Hostile);
                }

                w.WriteBitString([0x80], unusedBitCount: 7);
            }
        }

        return w.Encode();
    }

    /// <summary>What every run or inspect must leave behind whatever the target sent: well-formed renderings, exit code of the verdict.</summary>
    private static JsonElement AssertReportsSurvived(string directory, int exit, string output)
    {
        string[] written = ["report.json", "report.html", "summary.md", "junit.xml", "checklist.csv"];
        Assert.All(written, f => Assert.True(File.Exists(Path.Combine(directory, f)), $"{f} was not written\n{output}"));
        XDocument.Load(Path.Combine(directory, "junit.xml")); // well-formed XML 1.0, or this throws
        foreach (string f in written.Skip(1))
        {
            string text = File.ReadAllText(Path.Combine(directory, f));
            Assert.DoesNotContain(text, c => c is < ' ' and not ('\n' or '\r' or '\t'));
        }

        Assert.DoesNotContain(output, c => c is < ' ' and not ('\n' or '\r' or '\t'));
        JsonElement report = JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "report.json"))).RootElement;
        Assert.DoesNotContain(report.GetProperty("problems").EnumerateArray(), p => p.GetString()!.StartsWith("rendering failed", StringComparison.Ordinal));
        int expected = report.GetProperty("verdict").GetString() switch { "conformant" => 0, "non-conformant" => 1, _ => 2 };
        Assert.Equal(expected, exit);
        return report;
    }

    [Fact]
    public void Inspect_of_a_rejection_with_control_characters_in_its_status_string_and_file_name_writes_every_report()
    {
        // A file name can carry control characters too (Linux allows any byte but '/' and NUL).
        string file = Temp("evil\u0002\u0018\u001C.tsr");
        File.WriteAllBytes(file, HostileRejection());

        var (exit, output, error) = Invoke("inspect", "--out", Temp("inspect"), file);

        JsonElement report = AssertReportsSurvived(Temp("inspect"), exit, output + error);
        Assert.Equal(file, report.GetProperty("inputs")[0].GetProperty("file").GetString());
        string visible = Temp(@"evil\x02\x18\x1C.tsr");
        Assert.Contains(visible, output);
        Assert.Contains(visible, File.ReadAllText(Temp("inspect/report.html")));
        Assert.Contains("evil\\x02\\x18\\x1C.tsr", File.ReadAllText(Temp("inspect/junit.xml")));
    }

    [Fact]
    public async Task Run_against_an_endpoint_with_a_hostile_name_and_status_string_writes_every_report()
    {
        byte[] rejection = HostileRejection();
        await using var endpoint = LoopbackHttpServer.Serving(_ => (200, "application/timestamp-reply", rejection));
        File.WriteAllText(Temp("target.yaml"), $"name: \"Evil\\x02TSA\\x18says\\x1Cno\\e[2J\"\nurl: {new Uri(endpoint.BaseAddress, "tsa")}\n");

        var (exit, output, error) = Invoke("run", "--target", Temp("target.yaml"), "--req", "TSP-REQ-001", "--out", Temp("run"));

        AssertReportsSurvived(Temp("run"), exit, output + error);
        XDocument junit = XDocument.Load(Temp("run/junit.xml"));
        Assert.Contains(HostileVisible, junit.Descendants("property").First(p => p.Attribute("name")!.Value == "target").Attribute("value")!.Value);
        Assert.Contains(HostileVisible, File.ReadAllText(Temp("run/summary.md")));
        Assert.Contains(HostileVisible, output);
    }

    [Fact]
    public async Task Inspect_without_trust_anchors_says_on_every_verdict_that_the_chain_was_not_checked()
    {
        var exchange = await new TsaClient(target.Http).RequestAsync(
            target.Service.NonQualifiedUrl!, TimeStampRequest.ForRandomDigest(HashAlgorithmInfo.Sha256) with { CertReq = true }, null, "x",
            TestContext.Current.CancellationToken);
        File.WriteAllBytes(Temp("reference.tsr"), exchange.Http.Body.ToArray());
        const string note = "chain not checked: no trust anchors given";

        var (exit, output, error) = Invoke("inspect", "--out", Temp("unanchored"), Temp("reference.tsr"));

        Assert.True(exit is 0 or 2, $"exit {exit}\n{output}\n{error}");
        Assert.Contains($"{Temp("reference.tsr")}: ", output);
        Assert.Contains($"({note})", output);
        Assert.Contains(note, output[output.IndexOf("Verdict:", StringComparison.Ordinal)..]);
        JsonElement report = JsonDocument.Parse(File.ReadAllText(Temp("unanchored/report.json"))).RootElement;
        Assert.Contains(note, report.GetProperty("verdictReason").GetString());
        Assert.Contains(note, report.GetProperty("inputs")[0].GetProperty("verdictReason").GetString());
        Assert.Contains(note, XDocument.Load(Temp("unanchored/junit.xml")).Descendants("property").First(p => p.Attribute("name")!.Value == "verdict-reason").Attribute("value")!.Value);
        Assert.Contains(note, File.ReadAllText(Temp("unanchored/summary.md")));
        Assert.Contains(note, File.ReadAllText(Temp("unanchored/report.html")));

        // With the reference TSA's root as anchor the chain is checked (TSP-CERT-009 passes) and nothing is said.
        var (_, anchoredOutput, anchoredError) = Invoke("inspect", "--trust-anchor", target.RootCaPemPath, "--out", Temp("anchored"), Temp("reference.tsr"));
        Assert.DoesNotContain(note, anchoredOutput + anchoredError);
        JsonElement anchored = JsonDocument.Parse(File.ReadAllText(Temp("anchored/report.json"))).RootElement;
        Assert.Contains(anchored.GetProperty("inputs")[0].GetProperty("scenarios").EnumerateArray(),
            s => s.GetProperty("requirementIds").EnumerateArray().Any(i => i.GetString() == "TSP-CERT-009") && s.GetProperty("status").GetString() == "passed");

        var (badExit, _, badError) = Invoke("inspect", "--trust-anchor", Temp("reference.tsr"), "--out", Temp("bad"), Temp("reference.tsr"));
        Assert.Equal(ExitCodes.Usage, badExit);
        Assert.Contains("--trust-anchor: ", badError);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_temp, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
