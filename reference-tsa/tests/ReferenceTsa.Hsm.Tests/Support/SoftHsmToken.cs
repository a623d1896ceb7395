using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using ReferenceTsa.Certificates;

namespace ReferenceTsa.Hsm.Tests.Support;

/// <summary>
/// A fresh SoftHSM2 token for one test: its own SOFTHSM2_CONF and token directory under a temporary folder,
/// initialised with softhsm2-util (an independent tool). The user PIN is random and reaches the TSA only through an
/// environment variable or a file.
/// </summary>
public sealed class SoftHsmToken : IDisposable
{
    public const string PinVariable = "HSM_TEST_USER_PIN";

    /// <param name="pin">The user PIN; random unless given (an impostor token may share the real one's PIN).</param>
    public SoftHsmToken(string label = "tsa-test", string? pin = null)
    {
        Tools.RequireSoftHsm();
        Root = Directory.CreateTempSubdirectory("reftsa-hsm-").FullName;
        TokenDirectory = Path.Combine(Root, "tokens");
        Directory.CreateDirectory(TokenDirectory);
        ConfPath = Path.Combine(Root, "softhsm2.conf");
        File.WriteAllText(ConfPath, $"directories.tokendir = {TokenDirectory}/\nobjectstore.backend = file\nlog.level = ERROR\n");
        Label = label;
        Pin = pin ?? "pin-" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        PinFile = Path.Combine(Root, "user-pin");
        File.WriteAllText(PinFile, Pin + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(PinFile, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        var init = Tools.Run("softhsm2-util", ["--init-token", "--free", "--label", label, "--so-pin", "so-" + Pin, "--pin", Pin], Environment);
        Assert.True(init.ExitCode == 0, init.ToString());
        DataDirectory = Path.Combine(Root, "data");
        Directory.CreateDirectory(DataDirectory);
    }

    public string Root { get; }

    public string TokenDirectory { get; }

    public string ConfPath { get; }

    public string Label { get; }

    public string Pin { get; }

    public string PinFile { get; }

    public string DataDirectory { get; }

    /// <summary>The environment for child processes: SOFTHSM2_CONF and the PIN variable.</summary>
    public Dictionary<string, string> Environment => new() { ["SOFTHSM2_CONF"] = ConfPath, [PinVariable] = Pin };

    public string EventsPath => Path.Combine(DataDirectory, "events.jsonl");

    /// <summary>Runs a `keys` verb of the real executable against this token, the PIN from the environment.</summary>
    public ToolResult Keys(string verb, params string[] arguments)
    {
        var result = Tools.ReferenceTsa(
            ["keys", verb, "--module", Tools.SoftHsmModule, "--token-label", Label, "--pin-env", PinVariable,
                "--softhsm-conf", ConfPath, "--data", DataDirectory, .. arguments],
            Environment);
        Assert.DoesNotContain(Pin, result.All);
        return result;
    }

    /// <summary>`keys generate`, asserting success; returns the public key (SubjectPublicKeyInfo DER).</summary>
    public byte[] Generate(string label, string algorithm)
    {
        string publicKey = Path.Combine(Root, $"{label}.pub.pem");
        var result = Keys("generate", "--key-label", label, "--algorithm", algorithm, "--public-key-out", publicKey);
        Assert.True(result.ExitCode == 0, result.ToString());
        var pem = PemEncoding.Find(File.ReadAllText(publicKey));
        return Convert.FromBase64String(File.ReadAllText(publicKey)[pem.Base64Data]);
    }

    /// <summary>pkcs11-tool --list-objects, logged in: the independent view of the token.</summary>
    public string ListObjects()
    {
        var result = Tools.Run("pkcs11-tool", ["--module", Tools.SoftHsmModule, "--token-label", Label, "--login", "--pin", Pin, "--list-objects"], Environment);
        Assert.True(result.ExitCode == 0, result.ToString());
        return result.Stdout;
    }

    /// <summary>The token's serial number as softhsm2-util --show-slots reports it (the independent view).</summary>
    public string SerialNumber()
    {
        var result = Tools.Run("softhsm2-util", ["--show-slots"], Environment);
        Assert.True(result.ExitCode == 0, result.ToString());
        var match = System.Text.RegularExpressions.Regex.Match(result.Stdout, @"Serial number:\s+(\S+)\s+Initialized:\s+yes[^\n]*\n[^\n]*\n\s+Label:\s+" + System.Text.RegularExpressions.Regex.Escape(Label) + @"\s*\n");
        Assert.True(match.Success, $"no initialised token '{Label}' in:\n{result.Stdout}");
        return match.Groups[1].Value;
    }

    /// <summary>The pkcs11-tool block describing one object ("Private Key Object; RSA" ... up to the next object).</summary>
    public static string ObjectBlock(string listing, string header, string label)
    {
        var blocks = System.Text.RegularExpressions.Regex.Split(listing, @"(?m)^(?=\S)");
        var block = blocks.FirstOrDefault(b => b.StartsWith(header, StringComparison.Ordinal)
                                               && b.Contains($"label:      {label}\n", StringComparison.Ordinal));
        Assert.True(block is not null, $"no '{header}' with label {label} in:\n{listing}");
        return block!;
    }

    /// <summary>A development CA issuing TSU certificates for token public keys (the private key stays in the token).</summary>
    public static (DevCertificateAuthority Ca, string RootPem) NewCa(string directory)
    {
        var ca = DevCertificateAuthority.Create(DateTimeOffset.UtcNow);
        string rootPem = Path.Combine(directory, "root.pem");
        File.WriteAllText(rootPem, ca.Certificate.ExportCertificatePem());
        return (ca, rootPem);
    }

    public static X509Certificate2 IssueFor(DevCertificateAuthority ca, byte[] spki, string commonName) =>
        ca.IssueTsuCertificate(PublicKey.CreateFromSubjectPublicKeyInfo(spki, out _), commonName, DateTimeOffset.UtcNow,
            TimeSpan.FromDays(30), TimeSpan.FromDays(20));

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
