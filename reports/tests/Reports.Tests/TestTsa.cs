using System.Formats.Asn1;
using System.Net;
using System.Net.Sockets;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;

namespace Reports.Tests;

/// <summary>
/// A minimal RFC 3161 TSA on loopback for sealing tests (no reference-tsa code): an ECDSA P-256 TSU issued by a test CA
/// (<see cref="Ca"/>), with a critical id-kp-timeStamping EKU, ESSCertIDv2 signed attribute, nonce echoed, certificate included on certReq.
/// </summary>
internal sealed class TestTsa : IAsyncDisposable
{
    private readonly HttpListener listener = new();
    private readonly X509Certificate2 certificate;
    private readonly Task loop;
    private long serial = 1;

    public Uri Url { get; }

    /// <summary>The test CA that issued the TSU certificate: the right trust anchor for tokens of this TSA.</summary>
    public X509Certificate2 Ca { get; }

    /// <param name="tsuValidity">The TSU certificate's validity; default: from yesterday for 30 days.</param>
    public TestTsa((DateTimeOffset NotBefore, DateTimeOffset NotAfter)? tsuValidity = null)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Reports test CA, O=tsa-conformance tests", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, critical: true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, critical: true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, critical: false));
        Ca = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddYears(1));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Reports test TSU, O=tsa-conformance tests", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.8")], critical: true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, critical: true));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(Ca, includeKeyIdentifier: true, includeIssuerAndSerial: false));
        var (notBefore, notAfter) = tsuValidity ?? (DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        using X509Certificate2 issued = request.Create(Ca, notBefore, notAfter, [0x01, .. RandomNumberGenerator.GetBytes(7)]);
        using X509Certificate2 withKey = issued.CopyWithPrivateKey(key);
        certificate = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);

        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        int port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Url = new Uri($"http://127.0.0.1:{port}/tsa");
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        listener.Start();
        loop = Task.Run(ServeAsync);
    }

    private async Task ServeAsync()
    {
        while (listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception) when (!listener.IsListening)
            {
                return;
            }
            catch (HttpListenerException)
            {
                return;
            }

            using var body = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(body);
            if (!Rfc3161TimestampRequest.TryDecode(body.ToArray(), out Rfc3161TimestampRequest? query, out _))
            {
                context.Response.StatusCode = 400;
                context.Response.Close();
                continue;
            }

            byte[] reply = Respond(query);
            context.Response.ContentType = "application/timestamp-reply";
            await context.Response.OutputStream.WriteAsync(reply);
            context.Response.Close();
        }
    }

    private byte[] Respond(Rfc3161TimestampRequest query)
    {
        var tst = new AsnWriter(AsnEncodingRules.DER);
        using (tst.PushSequence())
        {
            tst.WriteInteger(1);
            tst.WriteObjectIdentifier("1.3.6.1.4.1.99999.1");
            using (tst.PushSequence())
            {
                using (tst.PushSequence())
                {
                    tst.WriteObjectIdentifier(query.HashAlgorithmId.Value!);
                }

                tst.WriteOctetString(query.GetMessageHash().Span);
            }

            tst.WriteInteger(Interlocked.Increment(ref serial));
            tst.WriteGeneralizedTime(DateTimeOffset.UtcNow, omitFractionalSeconds: false);
            if (query.GetNonce() is { } nonce)
            {
                tst.WriteInteger(new BigInteger(nonce.Span, isUnsigned: false, isBigEndian: true));
            }
        }

        var cms = new SignedCms(new ContentInfo(new Oid("1.2.840.113549.1.9.16.1.4"), tst.Encode()), detached: false);
        var signer = new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, certificate)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"),
            IncludeOption = query.RequestSignerCertificate ? X509IncludeOption.EndCertOnly : X509IncludeOption.None,
        };
        var ess = new AsnWriter(AsnEncodingRules.DER);
        using (ess.PushSequence())
        using (ess.PushSequence())
        using (ess.PushSequence())
        {
            ess.WriteOctetString(SHA256.HashData(certificate.RawData)); // ESSCertIDv2 with the default SHA-256
        }

        signer.SignedAttributes.Add(new AsnEncodedData(new Oid("1.2.840.113549.1.9.16.2.47"), ess.Encode()));
        cms.ComputeSignature(signer);

        var response = new AsnWriter(AsnEncodingRules.DER);
        using (response.PushSequence())
        {
            using (response.PushSequence())
            {
                response.WriteInteger(0);
            }

            response.WriteEncodedValue(cms.Encode());
        }

        return response.Encode();
    }

    public async ValueTask DisposeAsync()
    {
        listener.Stop();
        listener.Close();
        await loop.ConfigureAwait(false);
        certificate.Dispose();
        Ca.Dispose();
    }
}
