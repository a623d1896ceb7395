using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.Tsp;
using Org.BouncyCastle.Utilities.Collections;
using Org.BouncyCastle.X509;

namespace Conformance.Runner.Tests.Infrastructure;

/// <summary>Known defects the stub can be told to commit, to prove the matching scenario bites.</summary>
public sealed record StubDefects
{
    public bool OmitAccuracy { get; init; }
    public int AccuracySeconds { get; init; } = 1;
    public bool AlwaysIncludeCertificates { get; init; }
    public bool AlterNonce { get; init; }
    public string ContentType { get; init; } = "application/timestamp-reply";

    /// <summary>Added to the real time in genTime: a TSA clock off UTC (TSP-TIME-001).</summary>
    public TimeSpan GenTimeSkew { get; init; }

    /// <summary>Distinct throw-away certificates added to every token's certificate set (a response bloated by the TSA).</summary>
    public int ExtraCertificates { get; init; }

    /// <summary>Every request, valid or not, gets a rejection with failInfo systemFailure (a TSA that refuses valid requests).</summary>
    public bool RefuseEverything { get; init; }
}

/// <summary>
/// A throw-away RFC 3161 TSA for the runner's own tests, built on BouncyCastle (independent of the suite's decoders
/// and of the reference TSA). Not a conformance target of record: the suite's real target is the reference TSA.
/// </summary>
public sealed class StubTsa : IAsyncDisposable
{
    private static readonly Lazy<(AsymmetricKeyParameter Key, X509Certificate Certificate)> Signer = new(CreateSigner);
    private readonly LoopbackHttpServer _server;
    private long _serial;

    public StubTsa(StubDefects? defects = null, System.Security.Cryptography.X509Certificates.X509Certificate2? tlsCertificate = null, bool requireClientCertificate = false)
    {
        Defects = defects ?? new StubDefects();
        _server = LoopbackHttpServer.Serving(body => (200, Defects.ContentType, Respond(body)), tlsCertificate, requireClientCertificate);
    }

    public LoopbackHttpServer Server => _server;

    public StubDefects Defects { get; }
    public Uri Url => new(_server.BaseAddress, "tsa");
    public const string Policy = "1.3.6.1.4.1.99999.1.1";

    /// <summary>Issues a token for a random SHA-256 imprint directly, for offline (inspect) tests.</summary>
    public byte[] IssueResponse(bool certReq = true)
    {
        var generator = new TimeStampRequestGenerator();
        generator.SetCertReq(certReq);
        TimeStampRequest request = generator.Generate(TspAlgorithms.Sha256, System.Security.Cryptography.RandomNumberGenerator.GetBytes(32), BigInteger.ValueOf(42));
        return Respond(request.GetEncoded());
    }

    private byte[] Respond(byte[] body)
    {
        TimeStampRequest request = new(body);
        if (Defects.RefuseEverything)
        {
            var refusing = new TimeStampResponseGenerator(new TimeStampTokenGenerator(Signer.Value.Item1, Signer.Value.Item2, TspAlgorithms.Sha256, Policy), TspAlgorithms.Allowed);
            return refusing.GenerateFailResponse(Org.BouncyCastle.Asn1.Cmp.PkiStatus.Rejection, Org.BouncyCastle.Asn1.Cmp.PkiFailureInfo.SystemFailure, "refused for the test").GetEncoded();
        }

        if (Defects.AlwaysIncludeCertificates || Defects.AlterNonce)
        {
            var rewritten = new TimeStampRequestGenerator();
            rewritten.SetCertReq(request.CertReq || Defects.AlwaysIncludeCertificates);
            BigInteger? nonce = request.Nonce is null ? null : Defects.AlterNonce ? request.Nonce.Add(BigInteger.One) : request.Nonce;
            request = nonce is null
                ? rewritten.Generate(request.MessageImprintAlgOid, request.GetMessageImprintDigest())
                : rewritten.Generate(request.MessageImprintAlgOid, request.GetMessageImprintDigest(), nonce);
        }

        var (key, certificate) = Signer.Value;
        var tokenGenerator = new TimeStampTokenGenerator(key, certificate, TspAlgorithms.Sha256, Policy);
        if (!Defects.OmitAccuracy)
        {
            tokenGenerator.SetAccuracySeconds(Defects.AccuracySeconds);
        }

        tokenGenerator.SetCertificates(CollectionUtilities.CreateStore(new[] { certificate }.Concat(Extra(Defects.ExtraCertificates))));
        var responseGenerator = new TimeStampResponseGenerator(tokenGenerator, TspAlgorithms.Allowed);
        TimeStampResponse response = responseGenerator.Generate(request, BigInteger.ValueOf(Interlocked.Increment(ref _serial)), DateTime.UtcNow + Defects.GenTimeSkew);
        return response.GetEncoded();
    }

    private readonly Lazy<List<X509Certificate>> _extra = new(() => []);

    private IEnumerable<X509Certificate> Extra(int count)
    {
        lock (_extra.Value)
        {
            var (key, signer) = Signer.Value;
            while (_extra.Value.Count < count)
            {
                var generator = new X509V3CertificateGenerator();
                var name = new X509Name($"CN=Padding {_extra.Value.Count + 1}, O=Conformance Runner Tests");
                generator.SetSerialNumber(BigInteger.ValueOf(_extra.Value.Count + 2));
                generator.SetIssuerDN(name);
                generator.SetSubjectDN(name);
                generator.SetNotBefore(DateTime.UtcNow.AddDays(-1));
                generator.SetNotAfter(DateTime.UtcNow.AddDays(30));
                generator.SetPublicKey(signer.GetPublicKey());
                _extra.Value.Add(generator.Generate(new Asn1SignatureFactory("SHA256withECDSA", key)));
            }

            return [.. _extra.Value.Take(count)];
        }
    }

    private static (AsymmetricKeyParameter, X509Certificate) CreateSigner()
    {
        var keys = new ECKeyPairGenerator();
        keys.Init(new Org.BouncyCastle.Crypto.Parameters.ECKeyGenerationParameters(Org.BouncyCastle.Asn1.X9.X962NamedCurves.GetOid("prime256v1"), new SecureRandom()));
        AsymmetricCipherKeyPair pair = keys.GenerateKeyPair();
        var generator = new X509V3CertificateGenerator();
        var name = new X509Name("CN=Stub TSU, O=Conformance Runner Tests");
        generator.SetSerialNumber(BigInteger.One);
        generator.SetIssuerDN(name);
        generator.SetSubjectDN(name);
        generator.SetNotBefore(DateTime.UtcNow.AddDays(-1));
        generator.SetNotAfter(DateTime.UtcNow.AddDays(30));
        generator.SetPublicKey(pair.Public);
        generator.AddExtension(X509Extensions.ExtendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeID.id_kp_timeStamping));
        X509Certificate certificate = generator.Generate(new Asn1SignatureFactory("SHA256withECDSA", pair.Private));
        return (pair.Private, certificate);
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
