using System.Text.Json;
using ReferenceTsa.Certificates;
using ReferenceTsa.Interop.Tests.Support;

namespace ReferenceTsa.Interop.Tests;

/// <summary>Debian's python3-rfc3161ng (2.1.3) against the reference TSA, run with Debian's /usr/bin/python3.</summary>
public sealed class Rfc3161ngInteropTests(TsaPool pool)
{
    [Theory]
    [MemberData(nameof(TheoryMatrix.KeyTypesAndEndpoints), MemberType = typeof(TheoryMatrix))]
    public async Task Rfc3161ng_gets_a_token_and_checks_nonce_imprint_and_signature(DevKeyType keyType, TsaEndpoint endpoint)
    {
        var tsa = await pool.GetAsync(keyType);
        using var dir = new TempDirectory("reftsa-rfc3161ng-");
        using var tsu = tsa.TsuCertificate(endpoint);
        string certificate = dir.File("tsu.cer");
        await File.WriteAllBytesAsync(certificate, tsu.RawData, TestContext.Current.CancellationToken);
        string script = Path.Combine(AppContext.BaseDirectory, "Scripts", "rfc3161ng_roundtrip.py");
        Assert.True(File.Exists(script), $"{script} is missing from the test output");

        var run = await ToolRunner.RunAsync(Tool.DebianPython, [script, tsa.Url(endpoint).ToString(), certificate], dir.Path);
        Assert.False(run.ExitCode == 3, $"rfc3161ng is not importable by /usr/bin/python3: install the Debian package python3-rfc3161ng (apt-get install -y python3-rfc3161ng):\n{run}");
        run.Succeeded();
        using var json = JsonDocument.Parse(run.StandardOutput);
        var root = json.RootElement;
        Assert.StartsWith("/usr/lib/python3/dist-packages/rfc3161ng/", root.GetProperty("module").GetString());
        Assert.True(root.GetProperty("token_length").GetInt32() > 0, run.ToString());

        // The nonce and the message imprint are checked before the signature, for every key type.
        AssertFailure(root, "check_wrong_nonce", "builtins.ValueError", "nonce is different or missing", run);
        AssertFailure(root, "check_wrong_data", "builtins.ValueError", "Message imprint mismatch", run);
        Assert.True(root.GetProperty("gen_time").GetProperty("ok").GetBoolean(), run.ToString());

        switch (keyType)
        {
            case DevKeyType.Rsa3072:
                Assert.True(root.GetProperty("remote_checked").GetProperty("ok").GetBoolean(), $"RemoteTimestamper(certificate=…) failed:\n{run}");
                Assert.True(root.GetProperty("check").GetProperty("ok").GetBoolean(), $"check_timestamp failed:\n{run}");
                Assert.True(root.GetProperty("check").GetProperty("value").GetBoolean(), run.ToString());
                break;

            case DevKeyType.Rsa3072Pss:
                // Client limitation: check_timestamp (api.py) always calls
                // public_key.verify(signature, signed_data, padding.PKCS1v15(), hash) — it never looks at the
                // SignerInfo's signatureAlgorithm, so an RSASSA-PSS signature fails PKCS#1 v1.5 verification.
                AssertFailure(root, "remote_checked", "cryptography.exceptions.InvalidSignature", "", run);
                AssertFailure(root, "check", "cryptography.exceptions.InvalidSignature", "", run);
                break;

            default:
                // Client limitation: the same unconditional four-argument RSA call, made on an EC public key, whose
                // verify(signature, data, signature_algorithm) takes one argument fewer: a TypeError before any
                // signature check. rfc3161ng 2.1.3 cannot verify ECDSA-signed tokens at all.
                AssertFailure(root, "remote_checked", "builtins.TypeError", "verify() takes 4 positional arguments but 5 were given", run);
                AssertFailure(root, "check", "builtins.TypeError", "verify() takes 4 positional arguments but 5 were given", run);
                break;
        }
    }

    private static void AssertFailure(JsonElement root, string step, string type, string message, ToolResult run)
    {
        var outcome = root.GetProperty(step);
        Assert.False(outcome.GetProperty("ok").GetBoolean(), $"{step} should fail with {type} '{message}':\n{run}");
        Assert.Equal(type, outcome.GetProperty("type").GetString());
        string actual = outcome.GetProperty("message").GetString() ?? "";
        Assert.True(message.Length == 0 ? actual.Length == 0 : actual.Contains(message, StringComparison.Ordinal),
            $"{step}: expected '{message}', got '{actual}':\n{run}");
    }
}
