using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Conformance.Checks.Protocol;

/// <summary>Verifies a SignerInfo signature with the signer certificate's public key (RFC 5652 §5.6; RFC 4056 for PSS; RFC 5753/5758 for ECDSA).</summary>
public static class SignatureVerification
{
    public static bool Verify(X509Certificate2 certificate, SignerInfo signer, byte[] data, out string detail)
    {
        detail = "";
        string sig = signer.SignatureAlgorithmOid;
        HashAlgorithmName? hash = HashFromSignatureOid(sig) ?? CertificateMatching.HashName(signer.DigestAlgorithmOid);
        try
        {
            if (sig == Oids.RsaPss)
            {
                (HashAlgorithmName pssHash, int saltLength) = PssParameters(signer.SignatureAlgorithmParameters);
                using RSA? rsa = certificate.GetRSAPublicKey();
                if (rsa is null)
                {
                    detail = "RSASSA-PSS signature but the certificate key is not RSA";
                    return false;
                }

                bool ok = rsa.VerifyData(data, signer.Signature.Span, pssHash, RSASignaturePadding.Pss);
                if (!ok)
                {
                    detail = $"RSASSA-PSS verification failed (hash {pssHash.Name}, salt length {saltLength})";
                }

                return ok;
            }

            if (hash is not { } h)
            {
                detail = $"unknown digest algorithm {signer.DigestAlgorithmOid}";
                return false;
            }

            if (certificate.GetRSAPublicKey() is { } rsaKey)
            {
                using (rsaKey)
                {
                    bool ok = rsaKey.VerifyData(data, signer.Signature.Span, h, RSASignaturePadding.Pkcs1);
                    detail = ok ? "" : "RSA PKCS#1 v1.5 verification failed";
                    return ok;
                }
            }

            if (certificate.GetECDsaPublicKey() is { } ecKey)
            {
                using (ecKey)
                {
                    bool ok = ecKey.VerifyData(data, signer.Signature.Span, h, DSASignatureFormat.Rfc3279DerSequence);
                    detail = ok ? "" : "ECDSA verification failed";
                    return ok;
                }
            }

            detail = "the certificate's key type is not supported by the checker (RSA, ECDSA)";
            return false;
        }
        catch (CryptographicException e)
        {
            detail = e.Message;
            return false;
        }
    }

    private static HashAlgorithmName? HashFromSignatureOid(string oid) => oid switch
    {
        "1.2.840.113549.1.1.5" or "1.2.840.10045.4.1" => HashAlgorithmName.SHA1,
        "1.2.840.113549.1.1.11" or "1.2.840.10045.4.3.2" => HashAlgorithmName.SHA256,
        "1.2.840.113549.1.1.12" or "1.2.840.10045.4.3.3" => HashAlgorithmName.SHA384,
        "1.2.840.113549.1.1.13" or "1.2.840.10045.4.3.4" => HashAlgorithmName.SHA512,
        "2.16.840.1.101.3.4.3.14" or "2.16.840.1.101.3.4.3.10" => HashAlgorithmName.SHA3_256,
        "2.16.840.1.101.3.4.3.15" or "2.16.840.1.101.3.4.3.11" => HashAlgorithmName.SHA3_384,
        "2.16.840.1.101.3.4.3.16" or "2.16.840.1.101.3.4.3.12" => HashAlgorithmName.SHA3_512,
        _ => null,
    };

    /// <summary>RSASSA-PSS-params (RFC 4055 §3.1): hashAlgorithm [0] DEFAULT sha1, maskGenAlgorithm [1], saltLength [2] DEFAULT 20.</summary>
    public static (HashAlgorithmName Hash, int SaltLength) PssParameters(ReadOnlyMemory<byte>? parameters)
    {
        HashAlgorithmName hash = HashAlgorithmName.SHA1;
        int salt = 20;
        if (parameters is not { } p || p.IsEmpty || p.Span[0] != 0x30)
        {
            return (hash, salt);
        }

        AsnReader seq = new AsnReader(p, AsnEncodingRules.BER).ReadSequence();
        var t0 = new Asn1Tag(TagClass.ContextSpecific, 0, true);
        var t1 = new Asn1Tag(TagClass.ContextSpecific, 1, true);
        var t2 = new Asn1Tag(TagClass.ContextSpecific, 2, true);
        if (seq.HasData && seq.PeekTag().HasSameClassAndValue(t0))
        {
            string oid = SignerInfo.ReadAlgorithm(seq.ReadSequence(t0), out _);
            hash = CertificateMatching.HashName(oid) ?? throw new CryptographicException($"unknown PSS hash {oid}");
        }

        if (seq.HasData && seq.PeekTag().HasSameClassAndValue(t1))
        {
            seq.ReadSequence(t1);
        }

        if (seq.HasData && seq.PeekTag().HasSameClassAndValue(t2))
        {
            seq.ReadSequence(t2).TryReadInt32(out salt);
        }

        return (hash, salt);
    }
}
