using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using ReferenceTsa.Hsm.Tests.Support;

namespace ReferenceTsa.Hsm.Tests;

/// <summary>
/// `keys generate|csr|import-cert|show` of the real executable against a SoftHSM token, checked with independent
/// tools: pkcs11-tool for the objects and attributes on the token, openssl for the PKCS#10 request.
/// </summary>
public sealed class KeyCeremonyTests : IDisposable
{
    private readonly SoftHsmToken _token = new();

    [Theory]
    [InlineData("rsa-3072", "RSA", "RSA 3072 bits")]
    [InlineData("rsa-4096", "RSA", "RSA 4096 bits")]
    [InlineData("ecdsa-p256", "EC", "EC  EC_POINT 256 bits")]
    [InlineData("ecdsa-p384", "EC", "EC  EC_POINT 384 bits")]
    public void Generate_makes_a_sensitive_never_extractable_signing_key_on_the_token(string algorithm, string type, string publicDescription)
    {
        byte[] spki = _token.Generate("tsu-1", algorithm);

        string listing = _token.ListObjects();
        string privateKey = SoftHsmToken.ObjectBlock(listing, $"Private Key Object; {type}", "tsu-1");
        Assert.Matches(@"Access:\s+sensitive, always sensitive, never extractable, local", privateKey);
        Assert.Matches(@"Usage:\s+sign\n", privateKey);
        string publicKey = SoftHsmToken.ObjectBlock(listing, "Public Key Object; " + publicDescription, "tsu-1");
        Assert.Contains("ID:", publicKey);

        // pkcs11-tool reads the public key from the token: it is the one the ceremony reported.
        if (type == "RSA")
        {
            string exported = Path.Combine(_token.Root, "pub.der");
            var read = Tools.Run("pkcs11-tool", ["--module", Tools.SoftHsmModule, "--token-label", _token.Label, "--read-object",
                "--type", "pubkey", "--label", "tsu-1", "-o", exported], _token.Environment);
            Assert.True(read.ExitCode == 0, read.ToString());
            Assert.Equal(spki, File.ReadAllBytes(exported));
        }
        else
        {
            // (--read-object cannot export P-384 keys with this OpenSC: "cannot create EVP_PKEY"; the listing has the point.)
            using var ec = ECDsa.Create();
            ec.ImportSubjectPublicKeyInfo(spki, out _);
            var q = ec.ExportParameters(false).Q;
            byte[] point = [0x04, .. q.X!, .. q.Y!];
            string listed = System.Text.RegularExpressions.Regex.Match(publicKey, @"EC_POINT:\s+([0-9a-f]+)").Groups[1].Value;
            Assert.Equal("04" + point.Length.ToString("x2") + Convert.ToHexStringLower(point), listed);
        }

        var entry = Events().Single(e => e.GetProperty("event").GetString() == "key.generated");
        Assert.Equal("tsu-1", entry.GetProperty("key").GetProperty("Label").GetString());
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(spki)), entry.GetProperty("key").GetProperty("PublicKeySha256").GetString());
        Assert.Matches("^[0-9a-f]{32}$", entry.GetProperty("key").GetProperty("IdHex").GetString());
        Assert.True(entry.GetProperty("time").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
    }

    [Fact]
    public void A_ceremony_on_a_data_directory_with_an_evidence_log_is_chained_into_it_as_a_key_event()
    {
        // The TSA's evidence log as `serve` leaves it: one record already there.
        string log = Path.Combine(_token.DataDirectory, "evidence.sqlite");
        using (var evidence = new ReferenceTsa.EvidenceLog.SqliteEvidenceLog(log))
        {
            evidence.Append("start", new { node = "test", processId = 1 });
        }

        byte[] spki = _token.Generate("tsu-ev", "ecdsa-p256");

        // Read back independently of the TSA's code: the second record is the ceremony's key event.
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={log};Mode=ReadOnly;Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "SELECT seq, kind, payload FROM evidence ORDER BY seq";
            using var reader = command.ExecuteReader();
            var rows = new List<(long Seq, string Kind, string Payload)>();
            while (reader.Read())
            {
                rows.Add((reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
            }

            Assert.Equal([1L, 2L], rows.Select(r => r.Seq));
            Assert.Equal("key-event", rows[1].Kind);
            using var payload = JsonDocument.Parse(rows[1].Payload);
            Assert.Equal("key.generated", payload.RootElement.GetProperty("event").GetString());
            Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(spki)), payload.RootElement.GetProperty("key").GetProperty("PublicKeySha256").GetString());
        }

        // The chain still verifies with the ceremony's record in it.
        var audit = Tools.ReferenceTsa(["audit", "verify", "--data", _token.DataDirectory]);
        Assert.True(audit.ExitCode == 0, audit.ToString());
        Assert.Contains("intact, 2 record(s)", audit.ToString());
    }

    [Fact]
    public void Generate_refuses_a_label_already_on_the_token_and_takes_no_pin_argument()
    {
        _token.Generate("tsu-1", "ecdsa-p256");
        var again = _token.Keys("generate", "--key-label", "tsu-1", "--algorithm", "ecdsa-p256");
        Assert.True(again.ExitCode == 65, again.ToString());
        Assert.Contains("exists already", again.Stderr);
        Assert.Single(SoftHsmToken.ObjectBlock(_token.ListObjects(), "Private Key Object; EC", "tsu-1").Split("Private Key Object").Skip(1));

        var withPin = Tools.ReferenceTsa(["keys", "generate", "--token-label", _token.Label, "--key-label", "x", "--algorithm", "ecdsa-p256",
            "--pin", _token.Pin], _token.Environment);
        Assert.NotEqual(0, withPin.ExitCode);
        Assert.DoesNotContain("Private Key Object; EC  \n  label:      x", _token.ListObjects());
    }

    [Theory]
    [InlineData("rsa-3072", "rsa-pkcs1", "sha256WithRSAEncryption")]
    [InlineData("rsa-3072", "rsa-pss", "rsassaPss")]
    [InlineData("ecdsa-p384", "ecdsa", "ecdsa-with-SHA384")]
    public void Csr_is_signed_inside_the_token_and_asks_for_a_tsu_certificate(string algorithm, string scheme, string signatureAlgorithm)
    {
        byte[] spki = _token.Generate("tsu-1", algorithm);
        string csr = Path.Combine(_token.Root, "tsu.csr");
        string digest = algorithm == "ecdsa-p384" ? "SHA384" : "SHA256";
        var result = _token.Keys("csr", "--key-label", "tsu-1", "--scheme", scheme, "--digest", digest,
            "--subject", "CN=HSM TSU 1, 2.5.4.97=NTRNO-000000000, O=Example QTSP, C=NO", "--out", csr);
        Assert.True(result.ExitCode == 0, result.ToString());

        var verify = Tools.Run("openssl", ["req", "-in", csr, "-verify", "-noout", "-text"]);
        Assert.True(verify.ExitCode == 0, verify.ToString());
        Assert.Contains("verify OK", verify.All);
        Assert.Contains(signatureAlgorithm, verify.Stdout);
        Assert.Matches(@"X509v3 Extended Key Usage: critical\s+Time Stamping\s", verify.Stdout);
        Assert.Matches(@"X509v3 Key Usage: critical\s+Digital Signature\s", verify.Stdout);
        Assert.Contains("CN=HSM TSU 1", verify.Stdout.Replace(" = ", "="));

        var request = CertificateRequest.LoadSigningRequestPem(File.ReadAllText(csr), HashAlgorithmName.SHA256,
            CertificateRequestLoadOptions.UnsafeLoadCertificateExtensions);
        Assert.Equal(spki, request.PublicKey.ExportSubjectPublicKeyInfo());
        Assert.Contains(Events(), e => e.GetProperty("event").GetString() == "key.csr-created");
    }

    /// <summary>A P-256 key 'tsu-1' generated on the token and a TSU certificate for it from a throw-away CA, written as tsu.pem.</summary>
    private (string CertificateFile, byte[] Spki) GenerateKeyWithTsuCertificate()
    {
        byte[] spki = _token.Generate("tsu-1", "ecdsa-p256");
        var (ca, _) = SoftHsmToken.NewCa(_token.Root);
        using var __ = ca;
        using var certificate = SoftHsmToken.IssueFor(ca, spki, "HSM TSU 1");
        string certFile = Path.Combine(_token.Root, "tsu.pem");
        File.WriteAllText(certFile, certificate.ExportCertificatePem());
        return (certFile, spki);
    }

    [Fact]
    public void Import_cert_stores_the_matching_tsu_certificate_with_the_keys_id_and_show_reports_it()
    {
        var (certFile, spki) = GenerateKeyWithTsuCertificate();
        using var certificate = X509CertificateLoader.LoadCertificateFromFile(certFile);

        var imported = _token.Keys("import-cert", "--key-label", "tsu-1", "--cert", certFile,
            "--operator", "Alice Operator", "--witness", "Bob Witness", "--witness", "Carol Auditor");
        Assert.True(imported.ExitCode == 0, imported.ToString());
        var importEvent = Events().Single(e => e.GetProperty("event").GetString() == "key.certificate-imported").GetProperty("details");
        Assert.Equal("Alice Operator", importEvent.GetProperty("operator").GetString());
        Assert.Equal("Bob Witness; Carol Auditor", importEvent.GetProperty("witnesses").GetString());

        string listing = _token.ListObjects();
        string certObject = SoftHsmToken.ObjectBlock(listing, "Certificate Object", "tsu-1");
        string keyObject = SoftHsmToken.ObjectBlock(listing, "Private Key Object; EC", "tsu-1");
        string Id(string block) => System.Text.RegularExpressions.Regex.Match(block, @"ID:\s+([0-9a-f]+)").Groups[1].Value;
        Assert.NotEqual("", Id(keyObject));
        Assert.Equal(Id(keyObject), Id(certObject));
        Assert.Contains("subject:    DN: C=NO, O=Reference TSA Development", certObject);

        var show = _token.Keys("show", "--key-label", "tsu-1");
        Assert.True(show.ExitCode == 0, show.ToString());
        Assert.Contains("CKA_SENSITIVE True, CKA_ALWAYS_SENSITIVE True, CKA_EXTRACTABLE False, CKA_NEVER_EXTRACTABLE True", show.Stdout);
        Assert.Contains("CKA_LOCAL True (generated on the token)", show.Stdout);
        Assert.Contains("usable as a TSU key: yes", show.Stdout);
        Assert.Contains($"public key SHA-256 (SubjectPublicKeyInfo): {Convert.ToHexStringLower(SHA256.HashData(spki))}", show.Stdout);
        Assert.Contains($"SHA-256: {certificate.GetCertHashString(HashAlgorithmName.SHA256).ToLowerInvariant()}", show.Stdout);
        Assert.Contains("privateKeyUsagePeriod: ", show.Stdout);
        Assert.DoesNotContain("privateKeyUsagePeriod: absent", show.Stdout);
        Assert.Contains("public key equals the token key's: yes", show.Stdout);

        string[] events = [.. Events().Select(e => e.GetProperty("event").GetString()!)];
        Assert.Equal(["key.generated", "key.certificate-imported", "key.shown"], events);
    }

    [Fact]
    public void Import_cert_refuses_a_certificate_that_the_crypto_policy_would_fail_and_accepts_it_under_a_policy_it_meets()
    {
        var (certFile, _) = GenerateKeyWithTsuCertificate();
        string Policy(string name, string validUntil)
        {
            string path = Path.Combine(_token.Root, name + ".yaml");
            File.WriteAllText(path, $"policy:\n  id: {name}\nalgorithms:\n  - {{ type: signature, name: ecdsa, min_key_bits: 256, valid_until: {validUntil} }}\n"
                                    + "  - { type: curve, name: secp256r1, oids: [1.2.840.10045.3.1.7], min_key_bits: 256 }\n");
            return path;
        }

        // ECDSA ending before the certificate does: refused as a data error, nothing stored.
        var refused = _token.Keys("import-cert", "--key-label", "tsu-1", "--cert", certFile, "--crypto-policy", Policy("ends-soon", DateTimeOffset.UtcNow.ToString("yyyy-MM-dd")));
        Assert.True(refused.ExitCode == 65, refused.ToString());
        Assert.Contains("fails the crypto policy ends-soon", refused.Stderr);
        Assert.DoesNotContain("Certificate Object", _token.ListObjects());

        var accepted = _token.Keys("import-cert", "--key-label", "tsu-1", "--cert", certFile, "--crypto-policy", Policy("long-lived", "2099-12-31"));
        Assert.True(accepted.ExitCode == 0, accepted.ToString());
        Assert.Contains("Certificate Object", _token.ListObjects());
    }

    [Fact]
    public void Import_cert_refuses_a_certificate_for_another_key()
    {
        _token.Generate("tsu-1", "ecdsa-p256");
        using var other = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var (ca, _) = SoftHsmToken.NewCa(_token.Root);
        using var __ = ca;
        using var certificate = SoftHsmToken.IssueFor(ca, other.ExportSubjectPublicKeyInfo(), "Someone else");
        string certFile = Path.Combine(_token.Root, "other.pem");
        File.WriteAllText(certFile, certificate.ExportCertificatePem());

        var result = _token.Keys("import-cert", "--key-label", "tsu-1", "--cert", certFile);

        // EX_DATAERR: the token worked, the certificate is wrong for this key.
        Assert.True(result.ExitCode == 65, result.ToString());
        Assert.Contains("the public keys differ", result.Stderr);
        Assert.DoesNotContain("Certificate Object", _token.ListObjects());
        Assert.DoesNotContain(Events(), e => e.GetProperty("event").GetString() == "key.certificate-imported");
    }

    [Fact]
    public void Import_cert_refuses_a_certificate_of_the_right_key_that_is_not_a_tsu_certificate()
    {
        byte[] spki = _token.Generate("tsu-1", "ecdsa-p256");
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest("CN=Some CA", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var caCert = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
        // Right key, but a TLS server certificate: no id-kp-timeStamping.
        var request = new CertificateRequest(new X500DistinguishedName("CN=Not a TSU"), PublicKey.CreateFromSubjectPublicKeyInfo(spki, out _), HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var certificate = request.Create(caCert.SubjectName, X509SignatureGenerator.CreateForRSA(caKey, RSASignaturePadding.Pkcs1),
            DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30), [1, 2, 3]);
        string certFile = Path.Combine(_token.Root, "tls.pem");
        File.WriteAllText(certFile, certificate.ExportCertificatePem());

        var result = _token.Keys("import-cert", "--key-label", "tsu-1", "--cert", certFile);

        Assert.True(result.ExitCode == 65, result.ToString());
        Assert.Contains("is not a valid TSU certificate", result.Stderr);
        Assert.Contains("id-kp-timeStamping", result.Stderr);
        Assert.DoesNotContain("Certificate Object", _token.ListObjects());
    }

    [Fact]
    public void Import_cert_exit_codes_tell_wrong_input_from_a_missing_file_an_unavailable_token_and_a_refused_pin()
    {
        _token.Generate("tsu-1", "ecdsa-p256");
        string garbage = Path.Combine(_token.Root, "garbage.pem");
        File.WriteAllText(garbage, "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n");
        string missing = Path.Combine(_token.Root, "missing.pem");

        var notACertificate = _token.Keys("import-cert", "--key-label", "tsu-1", "--cert", garbage);
        Assert.True(notACertificate.ExitCode == 65, notACertificate.ToString());
        Assert.Contains($"--cert {garbage}: not an X.509 certificate", notACertificate.Stderr);

        var noKey = _token.Keys("import-cert", "--key-label", "tsu-9", "--cert", garbage);
        Assert.True(noKey.ExitCode == 65, noKey.ToString());
        Assert.Contains("no private key 'tsu-9'", noKey.Stderr);

        var noFile = _token.Keys("import-cert", "--key-label", "tsu-1", "--cert", missing);
        Assert.True(noFile.ExitCode == 66, noFile.ToString());
        Assert.Contains($"--cert {missing} does not exist", noFile.Stderr);

        // 69 only when the module or the token cannot be used.
        ToolResult Run(string module, string tokenLabel, string pinVariable) => Tools.ReferenceTsa(
            ["keys", "import-cert", "--module", module, "--token-label", tokenLabel, "--pin-env", pinVariable, "--softhsm-conf", _token.ConfPath,
                "--data", _token.DataDirectory, "--key-label", "tsu-1", "--cert", garbage],
            new Dictionary<string, string>(_token.Environment) { ["WRONG_PIN"] = "not-the-pin" });
        var noToken = Run(Tools.SoftHsmModule, "no-such-token", SoftHsmToken.PinVariable);
        Assert.True(noToken.ExitCode == 69, noToken.ToString());
        Assert.Contains("no token 'no-such-token'", noToken.Stderr);

        string noModulePath = Path.Combine(_token.Root, "no-such-pkcs11.so");
        var noModule = Run(noModulePath, _token.Label, SoftHsmToken.PinVariable);
        Assert.True(noModule.ExitCode == 69, noModule.ToString());
        Assert.Contains($"cannot load the PKCS#11 module {noModulePath}", noModule.Stderr);

        var wrongPin = Run(Tools.SoftHsmModule, _token.Label, "WRONG_PIN");
        Assert.True(wrongPin.ExitCode == 77, wrongPin.ToString());
        Assert.Contains("refused the user PIN (CKR_PIN_INCORRECT)", wrongPin.Stderr);
        Assert.DoesNotContain("not-the-pin", wrongPin.All);

        Assert.DoesNotContain("Certificate Object", _token.ListObjects());
        Assert.DoesNotContain(Events(), e => e.GetProperty("event").GetString() == "key.certificate-imported");
    }

    private List<JsonElement> Events() =>
        [.. File.ReadAllLines(_token.EventsPath).Select(l => JsonDocument.Parse(l).RootElement)];

    public void Dispose() => _token.Dispose();
}
