using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ReferenceTsa.Certificates;
using ReferenceTsa.Interop.Tests.Support;

namespace ReferenceTsa.Interop.Tests;

/// <summary>A self-signed Authenticode code-signing certificate and key (PEM), shared by the class.</summary>
public sealed class CodeSigningMaterial : IDisposable
{
    private readonly TempDirectory _directory = new("reftsa-authenticode-");

    public CodeSigningMaterial()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Reference TSA Interop Code Signer", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.3")], critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, critical: false));
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-10), DateTimeOffset.UtcNow.AddYears(5));
        File.WriteAllText(CertificatePem, certificate.ExportCertificatePem());
        File.WriteAllText(KeyPem, key.ExportPkcs8PrivateKeyPem());
    }

    public string CertificatePem => _directory.File("codesign.cert.pem");

    public string KeyPem => _directory.File("codesign.key.pem");

    public void Dispose() => _directory.Dispose();
}

/// <summary>osslsigncode 2.9: Authenticode-sign a PE file with an RFC 3161 timestamp (-ts) from the reference TSA, verify.</summary>
public sealed class OsslSignCodeInteropTests(TsaPool pool, CodeSigningMaterial material) : IClassFixture<CodeSigningMaterial>
{
    [Theory]
    [MemberData(nameof(TheoryMatrix.KeyTypesAndEndpoints), MemberType = typeof(TheoryMatrix))]
    public async Task Osslsigncode_rfc3161_timestamp_verifies_against_the_dev_root(DevKeyType keyType, TsaEndpoint endpoint)
    {
        var tsa = await pool.GetAsync(keyType);
        using var dir = new TempDirectory("reftsa-authenticode-");
        string unsigned = dir.File("unsigned.dll");
        string signed = dir.File("signed.dll");
        // Any .NET-built assembly is a PE file; this test assembly will do.
        File.Copy(typeof(OsslSignCodeInteropTests).Assembly.Location, unsigned);

        var sign = (await ToolRunner.RunAsync(Tool.OsslSignCode, ["sign", "-certs", material.CertificatePem, "-key", material.KeyPem,
            "-h", "sha256", "-ts", tsa.Url(endpoint).ToString(), "-in", unsigned, "-out", signed])).Succeeded();
        Assert.True(sign.Output.Contains("Succeeded", StringComparison.Ordinal), $"osslsigncode sign did not succeed:\n{sign}");

        // The TSU certificate names a CRL distribution point; osslsigncode checks revocation, so it gets the dev CA's CRL.
        string crl = Path.Combine(Path.GetDirectoryName(tsa.RootCaPemPath)!, "dev-root-ca.crl");
        var verify = await ToolRunner.RunAsync(Tool.OsslSignCode, ["verify", "-CAfile", material.CertificatePem,
            "-TSA-CAfile", tsa.RootCaPemPath, "-TSA-CRLfile", crl, "-in", signed]);
        string tsuName = endpoint == TsaEndpoint.Qtsa ? "/CN=Reference TSA QTSU 1 (qualified)" : "/CN=Reference TSA TSU 1 (non-qualified)";
        Assert.True(verify.ExitCode == 0, $"osslsigncode verify failed:\n{verify}");
        // osslsigncode exits 0 even when the timestamp does not verify (it then falls back to the current time), so
        // the timestamp verdict is asserted from its report.
        Assert.True(verify.StandardOutput.Contains("Timestamp Server Signature verification: ok", StringComparison.Ordinal)
                    && verify.StandardOutput.Contains("\nSignature verification: ok", StringComparison.Ordinal)
                    && verify.StandardOutput.Contains("Number of verified signatures: 1", StringComparison.Ordinal)
                    && verify.Output.Contains("Succeeded", StringComparison.Ordinal),
            $"osslsigncode does not report a verified timestamp and signature:\n{verify}");
        Assert.True(verify.StandardOutput.Contains("Timestamp time: ", StringComparison.Ordinal)
                    && verify.StandardOutput.Contains("Timestamp serial number: ", StringComparison.Ordinal)
                    && verify.StandardOutput.Contains(tsuName, StringComparison.Ordinal),
            $"osslsigncode does not report the timestamp of {tsuName}:\n{verify}");

        // With an unrelated TSA trust anchor the timestamp must fail (shown in the report; see the exit-code note above).
        var untrusted = await ToolRunner.RunAsync(Tool.OsslSignCode, ["verify", "-CAfile", material.CertificatePem,
            "-TSA-CAfile", material.CertificatePem, "-in", signed]);
        Assert.True(untrusted.StandardOutput.Contains("Timestamp Server Signature verification: failed", StringComparison.Ordinal),
            $"osslsigncode accepted the timestamp with an unrelated TSA root:\n{untrusted}");
    }
}
