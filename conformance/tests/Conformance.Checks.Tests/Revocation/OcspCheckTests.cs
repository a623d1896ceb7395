using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Conformance.Checks.Outcomes;
using Conformance.Checks.Requirements;
using Conformance.Checks.Revocation;
using Conformance.Checks.Transport;
using Conformance.Runner.Tests.Infrastructure;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Ocsp;
using Org.BouncyCastle.Security;

namespace Conformance.Checks.Tests.Revocation;

/// <summary>TSP-CERT-010 over OCSP: a real HTTP responder (BouncyCastle's OCSP generator, signed by the CA) named in the AIA.</summary>
public sealed class OcspCheckTests : IDisposable
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;
    private readonly TestCertificateAuthority _authority = new("OCSP Test CA", Now);
    private readonly TempDirectory _temp = new();

    /// <summary>An OCSP responder that answers every request with <paramref name="status"/> (null: good), signed by the CA.</summary>
    private LoopbackHttpServer Responder(CertificateStatus? status) => new(async (request, stream, ct) =>
    {
        CertificateID id = new OcspReq(request.Body).GetRequestList()[0].GetCertID();
        var caKey = DotNetUtilities.GetRsaKeyPair(_authority.Key);
        var generator = new BasicOcspRespGenerator(caKey.Public);
        generator.AddResponse(id, status ?? CertificateStatus.Good, Now.UtcDateTime.AddMinutes(-1), Now.UtcDateTime.AddDays(1), null);
        BasicOcspResp basic = generator.Generate(new Asn1SignatureFactory("SHA256WITHRSA", caKey.Private), null, Now.UtcDateTime);
        byte[] body = new OCSPRespGenerator().Generate(OCSPRespGenerator.Successful, basic).GetEncoded();
        await LoopbackHttpServer.WriteResponseAsync(stream, 200, "application/ocsp-response", body, ct);
    });

    private X509Certificate2 Tsu(Uri ocsp)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=OCSP Test TSU, O=Tests, C=NO", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.8")], true));
        request.CertificateExtensions.Add(new X509AuthorityInformationAccessExtension([ocsp.ToString()], null));
        request.CertificateExtensions.Add(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension(["http://ocsp-test.invalid/ca.crl"]));
        byte[] serial = RandomNumberGenerator.GetBytes(12);
        serial[0] &= 0x7F;
        return request.Create(_authority.Certificate.SubjectName, X509SignatureGenerator.CreateForRSA(_authority.Key, RSASignaturePadding.Pkcs1), Now.AddDays(-5), Now.AddYears(1), serial);
    }

    private async Task<RevocationLookup> LookupAsync(X509Certificate2 tsu, bool ocsp = true)
    {
        using var http = new TsaHttpClient(new TsaHttpOptions { ConnectTimeout = TimeSpan.FromSeconds(2) });
        return await RevocationLookup.RunAsync(tsu, _authority.Certificate, new RevocationSettings { UseOcsp = ocsp }, http, null, "t", TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_good_ocsp_answer_from_the_aia_responder_passes()
    {
        await using var responder = Responder(null);
        X509Certificate2 tsu = Tsu(new Uri(responder.BaseAddress, "ocsp"));

        RevocationLookup lookup = await LookupAsync(tsu);

        Assert.Equal(1, responder.RequestCount);
        Assert.Equal("good", Assert.Single(lookup.OcspAnswers).Detail);
        RevocationRequirements.NotRevoked(tsu, _authority.Certificate, lookup, Now, Now);
    }

    [Fact]
    public async Task A_revoked_ocsp_answer_fails_with_its_reason()
    {
        await using var responder = Responder(new RevokedStatus(Now.UtcDateTime.AddDays(-1), 1));
        X509Certificate2 tsu = Tsu(new Uri(responder.BaseAddress, "ocsp"));

        RevocationLookup lookup = await LookupAsync(tsu);

        var finding = Assert.Throws<RequirementNotMetException>(() => RevocationRequirements.NotRevoked(tsu, _authority.Certificate, lookup, Now, Now));
        Assert.Equal("TSP-CERT-010", finding.RequirementId);
        Assert.Contains("keyCompromise (1)", finding.Observed);
        Assert.StartsWith("OCSP ", finding.Message[(finding.Message.IndexOf("revoked (", StringComparison.Ordinal) + 9)..]);
    }

    [Fact]
    public async Task With_ocsp_off_the_responder_is_not_asked()
    {
        await using var responder = Responder(new RevokedStatus(Now.UtcDateTime.AddDays(-1), 1));
        X509Certificate2 tsu = Tsu(new Uri(responder.BaseAddress, "ocsp"));

        RevocationLookup lookup = await LookupAsync(tsu, ocsp: false);

        Assert.Equal(0, responder.RequestCount);
        Assert.Throws<TargetErrorException>(() => RevocationRequirements.NotRevoked(tsu, _authority.Certificate, lookup, Now, Now));
    }

    public void Dispose()
    {
        _authority.Dispose();
        _temp.Dispose();
    }
}
