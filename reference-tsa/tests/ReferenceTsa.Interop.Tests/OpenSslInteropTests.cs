using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Text.RegularExpressions;
using ReferenceTsa.Certificates;
using ReferenceTsa.Interop.Tests.Support;

namespace ReferenceTsa.Interop.Tests;

/// <summary>OpenSSL's `ts` client against the reference TSA: query, verify, the QC statement, certReq, SHA-1 rejection.</summary>
public sealed partial class OpenSslInteropTests(TsaPool pool)
{
    private const string QcStatementsOid = "1.3.6.1.5.5.7.1.3";
    private const string QtstStatementOid = "0.4.0.19422.1.1";

    [Theory]
    [MemberData(nameof(TheoryMatrix.KeyTypesEndpointsAndCertReq), MemberType = typeof(TheoryMatrix))]
    public async Task Openssl_query_is_granted_and_verifies_against_the_dev_root(DevKeyType keyType, TsaEndpoint endpoint, bool certReq)
    {
        var tsa = await pool.GetAsync(keyType);
        using var dir = new TempDirectory();
        string data = dir.File("data.bin");
        await File.WriteAllBytesAsync(data, RandomNumberGenerator.GetBytes(1000), Ct);

        List<string> query = ["ts", "-query", "-data", data, "-sha256", "-out", dir.File("q.tsq")];
        if (certReq)
        {
            query.Add("-cert");
        }

        (await ToolRunner.RunAsync(Tool.OpenSsl, query)).Succeeded();
        byte[] reply = await TsaPool.PostAsync(tsa.Url(endpoint), await File.ReadAllBytesAsync(dir.File("q.tsq"), Ct));
        await File.WriteAllBytesAsync(dir.File("r.tsr"), reply, Ct);

        var text = (await ToolRunner.RunAsync(Tool.OpenSsl, ["ts", "-reply", "-in", dir.File("r.tsr"), "-text"])).Succeeded();
        Assert.True(text.StandardOutput.Contains("Status: Granted.", StringComparison.Ordinal), $"not granted:\n{text}");

        // Without certReq the token carries no certificate: openssl is given the TSU certificate as untrusted input.
        List<string> verify = ["ts", "-verify", "-data", data, "-in", dir.File("r.tsr"), "-CAfile", tsa.RootCaPemPath];
        if (!certReq)
        {
            verify.AddRange(["-untrusted", tsa.TsuCertificatePemPath(endpoint)]);
        }

        (await ToolRunner.RunAsync(Tool.OpenSsl, ["ts", "-reply", "-in", dir.File("r.tsr"), "-token_out", "-out", dir.File("token.tst")])).Succeeded();
        byte[] token = await File.ReadAllBytesAsync(dir.File("token.tst"), Ct);

        var verified = await ToolRunner.RunAsync(Tool.OpenSsl, verify);
        if (keyType == DevKeyType.Rsa3072Pss)
        {
            // Client limitation, not a TSA defect: `openssl ts -verify` checks the SignerInfo through the legacy PKCS7
            // code (TS_RESP_verify_signature → PKCS7_signatureVerify), which ignores the RSASSA-PSS
            // signatureAlgorithm and checks PKCS#1 v1.5 padding (openssl/openssl#7904, open). Expect exactly that
            // failure, and show with OpenSSL's CMS code, which does implement RSASSA-PSS, that the token verifies.
            Assert.True(verified.ExitCode != 0 && verified.StandardOutput.Contains("Verification: FAILED", StringComparison.Ordinal)
                        && verified.StandardError.Contains("RSA_padding_check_PKCS1_type_1:invalid padding", StringComparison.Ordinal)
                        && verified.StandardError.Contains("PKCS7_signatureVerify:signature failure", StringComparison.Ordinal),
                $"expected the known OpenSSL RSASSA-PSS limitation of ts -verify (openssl#7904); if OpenSSL now verifies PSS tokens, drop this branch:\n{verified}");
            List<string> cms = ["cms", "-verify", "-inform", "DER", "-in", dir.File("token.tst"), "-CAfile", tsa.RootCaPemPath,
                "-purpose", "timestampsign", "-out", dir.File("tstinfo.der")];
            if (!certReq)
            {
                cms.AddRange(["-certfile", tsa.TsuCertificatePemPath(endpoint)]);
            }

            var cmsVerified = await ToolRunner.RunAsync(Tool.OpenSsl, cms);
            Assert.True(cmsVerified.ExitCode == 0 && cmsVerified.Output.Contains("CMS Verification successful", StringComparison.Ordinal),
                $"openssl cms -verify (RSASSA-PSS capable) did not verify the token:\n{cmsVerified}");
        }
        else
        {
            Assert.True(verified.ExitCode == 0 && verified.StandardOutput.Contains("Verification: OK", StringComparison.Ordinal),
                $"openssl ts -verify did not say 'Verification: OK':\n{verified}");

            // A different document must not verify (the verify step above is not vacuous).
            string other = dir.File("other.bin");
            await File.WriteAllBytesAsync(other, RandomNumberGenerator.GetBytes(1000), Ct);
            verify[verify.IndexOf(data)] = other;
            var mismatch = await ToolRunner.RunAsync(Tool.OpenSsl, verify);
            Assert.True(mismatch.ExitCode != 0 && mismatch.StandardOutput.Contains("Verification: FAILED", StringComparison.Ordinal)
                        && mismatch.StandardError.Contains("message imprint mismatch", StringComparison.Ordinal),
                $"openssl ts -verify accepted the token for other data:\n{mismatch}");
        }

        var signedCms = new SignedCms();
        signedCms.Decode(token);
        if (certReq)
        {
            using var tsu = tsa.TsuCertificate(endpoint);
            var only = Assert.Single(signedCms.Certificates);
            Assert.Equal(tsu.RawData, only.RawData);
        }
        else
        {
            Assert.Empty(signedCms.Certificates);
        }

        await AssertQcStatementAsync(dir, endpoint);
    }

    /// <summary>
    /// Drills into the token with `openssl asn1parse -strparse`: eContent OCTET STRING → TSTInfo → qcStatements extnValue.
    /// </summary>
    private static async Task AssertQcStatementAsync(TempDirectory dir, TsaEndpoint endpoint)
    {
        string token = dir.File("token.tst");
        var contentInfo = (await ToolRunner.RunAsync(Tool.OpenSsl, ["asn1parse", "-inform", "DER", "-in", token])).Succeeded();
        int eContent = OffsetOfOctetStringAfter(contentInfo, ":id-smime-ct-TSTInfo");
        var tstInfo = (await ToolRunner.RunAsync(Tool.OpenSsl,
            ["asn1parse", "-inform", "DER", "-in", token, "-strparse", eContent.ToString()])).Succeeded();
        Assert.True(tstInfo.StandardOutput.Contains(":2.25.", StringComparison.Ordinal), $"not a TSTInfo with the reference TSA's policy:\n{tstInfo}");

        bool hasQcStatements = tstInfo.StandardOutput.Contains(":qcStatements", StringComparison.Ordinal)
                               || tstInfo.StandardOutput.Contains(":" + QcStatementsOid, StringComparison.Ordinal);
        if (endpoint == TsaEndpoint.Tsa)
        {
            Assert.False(hasQcStatements, $"a /tsa token carries qcStatements:\n{tstInfo}");
            Assert.DoesNotContain(QtstStatementOid, tstInfo.StandardOutput + contentInfo.StandardOutput);
            Assert.DoesNotContain("300B30090607040081975E0101", tstInfo.StandardOutput); // the DER of the statement
            return;
        }

        Assert.True(hasQcStatements, $"a /qtsa token has no qcStatements extension in its TSTInfo:\n{tstInfo}");
        int extnValue = OffsetOfOctetStringAfter(tstInfo, ":qcStatements");
        var statements = (await ToolRunner.RunAsync(Tool.OpenSsl,
            ["asn1parse", "-inform", "DER", "-in", token, "-strparse", eContent.ToString(), "-strparse", extnValue.ToString()])).Succeeded();
        Assert.True(Regex.IsMatch(statements.StandardOutput, @"prim: OBJECT\s+:0\.4\.0\.19422\.1\.1\s*$", RegexOptions.Multiline),
            $"the qcStatements of a /qtsa token do not show esi4-qtstStatement-1 {QtstStatementOid}:\n{statements}");
    }

    /// <summary>The offset of the first OCTET STRING printed after the line that contains <paramref name="marker"/>.</summary>
    private static int OffsetOfOctetStringAfter(ToolResult asn1parse, string marker)
    {
        string[] lines = asn1parse.StandardOutput.Split('\n');
        int index = Array.FindIndex(lines, l => l.Contains(marker, StringComparison.Ordinal));
        Assert.True(index >= 0, $"no '{marker}' in the asn1parse output:\n{asn1parse}");
        for (int i = index + 1; i < lines.Length; i++)
        {
            var match = OctetStringLine().Match(lines[i]);
            if (match.Success)
            {
                return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        Assert.Fail($"no OCTET STRING after '{marker}' in the asn1parse output:\n{asn1parse}");
        return -1;
    }

    [Theory]
    [MemberData(nameof(TheoryMatrix.KeyTypesAndEndpoints), MemberType = typeof(TheoryMatrix))]
    public async Task Openssl_sha1_query_is_rejected_with_bad_algorithm(DevKeyType keyType, TsaEndpoint endpoint)
    {
        var tsa = await pool.GetAsync(keyType);
        using var dir = new TempDirectory();
        string data = dir.File("data.bin");
        await File.WriteAllBytesAsync(data, RandomNumberGenerator.GetBytes(100), Ct);
        (await ToolRunner.RunAsync(Tool.OpenSsl, ["ts", "-query", "-data", data, "-sha1", "-cert", "-out", dir.File("q.tsq")])).Succeeded();
        byte[] reply = await TsaPool.PostAsync(tsa.Url(endpoint), await File.ReadAllBytesAsync(dir.File("q.tsq"), Ct));
        await File.WriteAllBytesAsync(dir.File("r.tsr"), reply, Ct);

        var text = (await ToolRunner.RunAsync(Tool.OpenSsl, ["ts", "-reply", "-in", dir.File("r.tsr"), "-text"])).Succeeded();
        Assert.True(text.StandardOutput.Contains("Status: Rejected.", StringComparison.Ordinal), $"a SHA-1 query was not rejected:\n{text}");
        // OpenSSL's wording for PKIFailureInfo badAlg (bit 0).
        Assert.True(text.StandardOutput.Contains("Failure info: unrecognized or unsupported algorithm identifier", StringComparison.Ordinal),
            $"the rejection does not carry failure info badAlg:\n{text}");
        Assert.True(text.StandardOutput.Contains("TST info:\nNot included.", StringComparison.Ordinal), $"a rejection carries a token:\n{text}");
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [GeneratedRegex(@"^\s*(\d+):d=\d+\s+hl=\d+\s+l=\s*\d+\s+prim:\s+OCTET STRING")]
    private static partial Regex OctetStringLine();
}
