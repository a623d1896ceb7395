using System.Security.Cryptography;
using ReferenceTsa.Hsm.Tests.Support;
using ReferenceTsa.Signing;

namespace ReferenceTsa.Hsm.Tests;

/// <summary>Tokens signed inside SoftHSM for each scheme, verified by OpenSSL and by .NET.</summary>
public sealed class SigningTests : IDisposable
{
    private readonly SoftHsmToken _token = new();

    [Theory]
    [InlineData("rsa-3072", "rsa-pkcs1", "SHA256")]
    [InlineData("rsa-4096", "rsa-pkcs1", "SHA512")]
    [InlineData("rsa-3072", "rsa-pss", "SHA256")]
    [InlineData("ecdsa-p256", "ecdsa", "SHA256")]
    [InlineData("ecdsa-p384", "ecdsa", "SHA384")]
    public async Task Tokens_signed_in_the_token_verify_with_openssl_and_dotnet(string algorithm, string scheme, string digest)
    {
        byte[] spki = _token.Generate("tsu", algorithm);
        var (ca, rootPem) = SoftHsmToken.NewCa(_token.Root);
        using var _ = ca;
        using var certificate = SoftHsmToken.IssueFor(ca, spki, "HSM TSU");
        await using var tsa = await HsmTsa.StartAsync(_token, "tsu", scheme, digest, certificate);

        Assert.Equal(KeyProtection.Hsm, tsa.Key.Protection);
        Assert.Equal(spki, tsa.Key.PublicKeyInfo.ToArray());

        // A request for a real file, answered over HTTP, verified by openssl as an outside client.
        string data = Path.Combine(_token.Root, "data.txt");
        File.WriteAllText(data, "time-stamp me " + algorithm + scheme);
        var outcome = await tsa.RequestAsync(SHA256.HashData(File.ReadAllBytes(data)), TestContext.Current.CancellationToken);
        Assert.True(outcome.Granted, $"status {outcome.Status}");
        tsa.VerifyAndSerial(outcome.Token!);

        string tokenFile = Path.Combine(_token.Root, "token.der");
        File.WriteAllBytes(tokenFile, outcome.Token!);
        if (scheme == "rsa-pss")
        {
            // openssl ts -verify goes through PKCS7 code without RSASSA-PSS (openssl#7904); its CMS code has it.
            var cms = Tools.Run("openssl", ["cms", "-verify", "-inform", "DER", "-in", tokenFile, "-CAfile", rootPem,
                "-purpose", "timestampsign", "-out", Path.Combine(_token.Root, "tstinfo.der")]);
            Assert.True(cms.ExitCode == 0, cms.ToString());
        }
        else
        {
            var verify = Tools.Run("openssl", ["ts", "-verify", "-data", data, "-in", tokenFile, "-token_in", "-CAfile", rootPem]);
            Assert.True(verify.ExitCode == 0 && verify.Stdout.Contains("Verification: OK"), verify.ToString());
        }
    }

    public void Dispose() => _token.Dispose();
}
