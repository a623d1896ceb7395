using ReferenceTsa.Certificates;
using ReferenceTsa.Interop.Tests.Support;

namespace ReferenceTsa.Interop.Tests;

/// <summary>A code-signing key in a PKCS#12 keystore made by keytool, and a small jar made by jar; shared by the class.</summary>
public sealed class JarSigningMaterial : IAsyncLifetime
{
    public const string Password = "interop-pass";
    public const string Alias = "signer";

    private readonly TempDirectory _directory = new("reftsa-jar-");

    public string Jar => _directory.File("app.jar");

    public string SignerKeystore => _directory.File("signer.p12");

    public string SignerCertificate => _directory.File("signer.cer");

    public async ValueTask InitializeAsync()
    {
        string content = Directory.CreateDirectory(_directory.File("content")).FullName;
        await File.WriteAllTextAsync(Path.Combine(content, "hello.txt"), "time-stamped by the reference TSA\n");
        (await ToolRunner.RunAsync(Tool.Jar, ["cf", Jar, "-C", content, "."])).Succeeded();
        (await ToolRunner.RunAsync(Tool.Keytool, ["-genkeypair", "-keystore", SignerKeystore, "-storetype", "PKCS12",
            "-storepass", Password, "-keypass", Password, "-alias", Alias, "-keyalg", "EC", "-groupname", "secp256r1",
            "-sigalg", "SHA256withECDSA", "-dname", "CN=Reference TSA Interop Jar Signer", "-validity", "3650"])).Succeeded();
        (await ToolRunner.RunAsync(Tool.Keytool, ["-exportcert", "-keystore", SignerKeystore, "-storepass", Password,
            "-alias", Alias, "-file", SignerCertificate])).Succeeded();
    }

    public ValueTask DisposeAsync()
    {
        _directory.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>JDK 17 jarsigner: sign with -tsa against the reference TSA, then `jarsigner -verify -strict`.</summary>
public sealed class JarsignerInteropTests(TsaPool pool, JarSigningMaterial material) : IClassFixture<JarSigningMaterial>
{
    [Theory]
    [MemberData(nameof(TheoryMatrix.KeyTypesAndEndpoints), MemberType = typeof(TheoryMatrix))]
    public async Task Jarsigner_timestamps_with_the_reference_TSA_and_verify_strict_passes(DevKeyType keyType, TsaEndpoint endpoint)
    {
        var tsa = await pool.GetAsync(keyType);
        using var dir = new TempDirectory("reftsa-jar-");
        string signed = dir.File("signed.jar");
        const string pass = JarSigningMaterial.Password;

        var sign = (await ToolRunner.RunAsync(Tool.Jarsigner, ["-keystore", material.SignerKeystore, "-storepass", pass,
            "-tsa", tsa.Url(endpoint).ToString(), "-tsadigestalg", "SHA-256", "-signedjar", signed, material.Jar,
            JarSigningMaterial.Alias])).Succeeded();
        Assert.True(sign.Output.Contains("jar signed.", StringComparison.Ordinal), $"jarsigner did not sign:\n{sign}");
        Assert.False(sign.Output.Contains("No -tsa", StringComparison.Ordinal), $"jarsigner did not time-stamp:\n{sign}");

        // The trust anchors for -verify: the signer's certificate (jarsigner's own self-signed key) and the dev root CA
        // for the TSA's chain. Both are needed: -strict turns an unvalidated signer or TSA chain into an error.
        string trustStore = dir.File("trust.p12");
        await ImportAsync(trustStore, "signer", material.SignerCertificate);
        string withoutTsaRoot = dir.File("trust-without-tsa-root.p12");
        File.Copy(trustStore, withoutTsaRoot);
        await ImportAsync(trustStore, "reference-tsa-dev-root", tsa.RootCaPemPath);

        var verify = await ToolRunner.RunAsync(Tool.Jarsigner, ["-verify", "-strict", "-verbose", "-keystore", trustStore,
            "-storepass", pass, signed]);
        string tsuName = endpoint == TsaEndpoint.Qtsa ? "CN=Reference TSA QTSU 1 (qualified)" : "CN=Reference TSA TSU 1 (non-qualified)";
        string signatureAlgorithm = keyType switch
        {
            DevKeyType.Rsa3072 => "Timestamp signature algorithm: SHA256withRSA, 3072-bit key",
            DevKeyType.Rsa3072Pss => "Timestamp signature algorithm: RSASSA-PSS, 3072-bit key",
            DevKeyType.EcdsaP256 => "Timestamp signature algorithm: SHA256withECDSA, 256-bit key",
            _ => "Timestamp signature algorithm: SHA384withECDSA, 384-bit key",
        };
        Assert.True(verify.ExitCode == 0, $"jarsigner -verify -strict failed:\n{verify}");
        Assert.True(verify.StandardOutput.Contains("\njar verified.\n", StringComparison.Ordinal)
                    && !verify.Output.Contains("with signer errors", StringComparison.Ordinal)
                    && !verify.Output.Contains("Warning:", StringComparison.Ordinal),
            $"jarsigner -verify -strict did not say a clean 'jar verified.':\n{verify}");
        Assert.True(verify.StandardOutput.Contains($"Timestamped by \"{tsuName}", StringComparison.Ordinal)
                    && verify.StandardOutput.Contains("Timestamp digest algorithm: SHA-256", StringComparison.Ordinal)
                    && verify.StandardOutput.Contains(signatureAlgorithm, StringComparison.Ordinal),
            $"jarsigner does not report the expected timestamp ({tsuName}; {signatureAlgorithm}):\n{verify}");

        // Without the dev root the TSA chain is not trusted and -strict must fail: the pass above is not vacuous.
        var untrusted = await ToolRunner.RunAsync(Tool.Jarsigner, ["-verify", "-strict", "-keystore", withoutTsaRoot,
            "-storepass", pass, signed]);
        Assert.True(untrusted.ExitCode != 0 && untrusted.Output.Contains("TSA certificate chain is invalid", StringComparison.Ordinal),
            $"jarsigner -strict accepted the timestamp without the TSA's root:\n{untrusted}");
    }

    private static async Task ImportAsync(string keystore, string alias, string certificateFile) =>
        (await ToolRunner.RunAsync(Tool.Keytool, ["-importcert", "-noprompt", "-keystore", keystore, "-storetype", "PKCS12",
            "-storepass", JarSigningMaterial.Password, "-alias", alias, "-file", certificateFile])).Succeeded();
}
