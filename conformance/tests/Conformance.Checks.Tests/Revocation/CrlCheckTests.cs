using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Requirements;
using Conformance.Checks.Revocation;
using Conformance.Checks.Transport;
using Conformance.Runner.Tests.Infrastructure;

namespace Conformance.Checks.Tests.Revocation;

/// <summary>
/// TSP-CERT-010 with a real CA: CRLs made by .NET's CertificateRevocationListBuilder, read from files or fetched over
/// HTTP from the certificate's CRL distribution point, judged by the suite (BouncyCastle decoding).
/// </summary>
public sealed class CrlCheckTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly TestCertificateAuthority _authority = new("Revocation Test CA", Now);
    private readonly TempDirectory _temp = new();

    private X509Certificate2 Tsu(string crlUrl = "http://revocation-test.invalid/ca.crl")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Revocation Test TSU, O=Tests, C=NO", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.8")], true));
        request.CertificateExtensions.Add(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension([crlUrl]));
        byte[] serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        return request.Create(_authority.Certificate.SubjectName, X509SignatureGenerator.CreateForRSA(_authority.Key, RSASignaturePadding.Pkcs1), Now.AddDays(-5), Now.AddYears(1), serial);
    }

    private byte[] Crl(DateTimeOffset nextUpdate, X509Certificate2? revoked = null, X509RevocationReason? reason = null, DateTimeOffset? revokedAt = null, RSA? signer = null)
    {
        var builder = new CertificateRevocationListBuilder();
        if (revoked is not null)
        {
            builder.AddEntry(revoked, revokedAt ?? Now.AddDays(-1), reason);
        }

        // A forger signs with its own key under the CA's name.
        using X509Certificate2 issuer = signer is null ? _authority.Certificate.CopyWithPrivateKey(_authority.Key)
            : ForgedIssuer(signer);
        return builder.Build(issuer, 7, nextUpdate, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1, Now.AddDays(-2));
    }

    private X509Certificate2 ForgedIssuer(RSA key)
    {
        var request = new CertificateRequest(_authority.Certificate.SubjectName, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.CrlSign, true));
        return request.CreateSelfSigned(Now.AddDays(-10), Now.AddYears(1));
    }

    private string File(byte[] crl, string name = "ca.crl")
    {
        string path = _temp.Combine(name);
        System.IO.File.WriteAllBytes(path, crl);
        return path;
    }

    private async Task<RevocationLookup> LookupAsync(X509Certificate2 tsu, RevocationSettings settings, TsaHttpClient? http = null) =>
        await RevocationLookup.RunAsync(tsu, RevocationLookup.FindIssuer(tsu, [_authority.Certificate]), settings, http, null, "t", TestContext.Current.CancellationToken);

    private static RequirementNotMetException Fails(Action check)
    {
        var finding = Assert.Throws<RequirementNotMetException>(check);
        Assert.Equal("TSP-CERT-010", finding.RequirementId);
        return finding;
    }

    [Fact]
    public async Task A_certificate_absent_from_a_current_crl_of_its_issuer_passes()
    {
        X509Certificate2 tsu = Tsu();
        RevocationLookup lookup = await LookupAsync(tsu, new RevocationSettings { CrlFiles = [File(Crl(Now.AddDays(30)))] });

        Assert.Single(lookup.Crls);
        RevocationRequirements.NotRevoked(tsu, _authority.Certificate, lookup, Now, Now);
    }

    [Fact]
    public async Task A_certificate_revoked_for_key_compromise_fails_and_every_token_of_the_key_is_invalid()
    {
        X509Certificate2 tsu = Tsu();
        RevocationLookup lookup = await LookupAsync(tsu, new RevocationSettings { CrlFiles = [File(Crl(Now.AddDays(30), tsu, X509RevocationReason.KeyCompromise))] });

        var finding = Fails(() => RevocationRequirements.NotRevoked(tsu, _authority.Certificate, lookup, Now, genTime: Now.AddDays(-3)));
        Assert.Contains("every token signed with this key is invalid", finding.Message);
        Assert.Contains("keyCompromise (1)", finding.Observed);
    }

    [Fact]
    public async Task A_revocation_for_another_reason_leaves_earlier_tokens_valid_but_still_fails()
    {
        X509Certificate2 tsu = Tsu();
        RevocationLookup lookup = await LookupAsync(tsu, new RevocationSettings { CrlFiles = [File(Crl(Now.AddDays(30), tsu, X509RevocationReason.Superseded, Now.AddDays(-1)))] });

        var finding = Fails(() => RevocationRequirements.NotRevoked(tsu, _authority.Certificate, lookup, Now, genTime: Now.AddDays(-3)));
        Assert.Contains("remain valid", finding.Message);
        Assert.Contains("superseded (4)", finding.Observed);
    }

    [Fact]
    public async Task An_expired_crl_is_a_finding()
    {
        X509Certificate2 tsu = Tsu();
        RevocationLookup lookup = await LookupAsync(tsu, new RevocationSettings { CrlFiles = [File(Crl(Now.AddHours(-1)))] });

        var finding = Fails(() => RevocationRequirements.NotRevoked(tsu, _authority.Certificate, lookup, Now, Now));
        Assert.Contains("is out of date", finding.Message);
    }

    [Fact]
    public async Task A_crl_not_signed_by_the_issuer_is_a_finding()
    {
        X509Certificate2 tsu = Tsu();
        using var forger = RSA.Create(2048);
        RevocationLookup lookup = await LookupAsync(tsu, new RevocationSettings { CrlFiles = [File(Crl(Now.AddDays(30), signer: forger))] });

        var finding = Fails(() => RevocationRequirements.NotRevoked(tsu, _authority.Certificate, lookup, Now, Now));
        Assert.Contains("does not verify with the issuer's key", finding.Message);
    }

    [Fact]
    public async Task The_crl_is_fetched_from_the_distribution_point_over_http()
    {
        byte[] revokedCrl = Crl(Now.AddDays(30), null);
        await using var server = LoopbackHttpServer.Answering(200, "application/pkix-crl", revokedCrl);
        X509Certificate2 tsu = Tsu(new Uri(server.BaseAddress, "ca.crl").ToString());
        using var http = new TsaHttpClient(new TsaHttpOptions());

        RevocationLookup lookup = await LookupAsync(tsu, RevocationSettings.Default, http);

        Assert.Equal(1, server.RequestCount);
        Assert.StartsWith(server.BaseAddress.ToString(), Assert.Single(lookup.Crls).Origin);
        RevocationRequirements.NotRevoked(tsu, _authority.Certificate, lookup, Now, Now);
    }

    [Fact]
    public async Task A_revocation_published_at_the_distribution_point_is_found()
    {
        X509Certificate2? tsu = null;
        await using var server = new LoopbackHttpServer(async (_, stream, ct) =>
            await LoopbackHttpServer.WriteResponseAsync(stream, 200, "application/pkix-crl", Crl(Now.AddDays(30), tsu, X509RevocationReason.KeyCompromise), ct));
        tsu = Tsu(new Uri(server.BaseAddress, "ca.crl").ToString());
        using var http = new TsaHttpClient(new TsaHttpOptions());

        RevocationLookup lookup = await LookupAsync(tsu, RevocationSettings.Default, http);

        Fails(() => RevocationRequirements.NotRevoked(tsu, _authority.Certificate, lookup, Now, Now));
    }

    [Fact]
    public async Task An_unreachable_distribution_point_without_a_local_crl_means_the_check_could_not_run()
    {
        X509Certificate2 tsu = Tsu("http://127.0.0.1:1/ca.crl");
        using var http = new TsaHttpClient(new TsaHttpOptions { ConnectTimeout = TimeSpan.FromSeconds(2) });

        RevocationLookup lookup = await LookupAsync(tsu, RevocationSettings.Default, http);

        var error = Assert.Throws<TargetErrorException>(() => RevocationRequirements.NotRevoked(tsu, _authority.Certificate, lookup, Now, Now));
        Assert.Contains("could not check whether CN=Revocation Test TSU", error.Message);
        Assert.Contains("http://127.0.0.1:1/ca.crl", error.Message);
        Assert.Contains("revocation: crls: [FILE]", error.Message);
    }

    public void Dispose()
    {
        _authority.Dispose();
        _temp.Dispose();
    }
}
