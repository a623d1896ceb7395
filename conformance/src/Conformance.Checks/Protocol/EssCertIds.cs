using System.Formats.Asn1;
using System.Numerics;

namespace Conformance.Checks.Protocol;

/// <summary>
/// The certificate identifiers of a SigningCertificate (RFC 2634 §5.4, ESSCertID, SHA-1) or SigningCertificateV2
/// (RFC 5035 §3, ESSCertIDv2, hashAlgorithm DEFAULT id-sha256) signed attribute, as RFC 3161 §2.4.2 and RFC 5816 use them.
/// <code>
/// SigningCertificate ::= SEQUENCE { certs SEQUENCE OF ESSCertID, policies SEQUENCE OF PolicyInformation OPTIONAL }
/// ESSCertID ::= SEQUENCE { certHash Hash, issuerSerial IssuerSerial OPTIONAL }
/// ESSCertIDv2 ::= SEQUENCE { hashAlgorithm AlgorithmIdentifier DEFAULT {algorithm id-sha256}, certHash Hash, issuerSerial IssuerSerial OPTIONAL }
/// IssuerSerial ::= SEQUENCE { issuer GeneralNames, serialNumber CertificateSerialNumber }
/// </code>
/// </summary>
public sealed record EssCertId(int AttributeVersion, string HashAlgorithmOid, ReadOnlyMemory<byte> CertHash, IReadOnlyList<ReadOnlyMemory<byte>> IssuerDirectoryNames, BigInteger? Serial, bool HasIssuerSerial);

public static class EssCertIds
{
    private static readonly Asn1Tag DirectoryNameTag = new(TagClass.ContextSpecific, 4, isConstructed: true);

    /// <summary>Decodes one attribute value; throws <see cref="AsnContentException"/> when it is malformed.</summary>
    public static IReadOnlyList<EssCertId> Decode(ReadOnlyMemory<byte> value, int version)
    {
        var reader = new AsnReader(value, AsnEncodingRules.BER);
        AsnReader signingCertificate = reader.ReadSequence();
        AsnReader certs = signingCertificate.ReadSequence();
        var ids = new List<EssCertId>();
        while (certs.HasData)
        {
            AsnReader id = certs.ReadSequence();
            string hash = Oids.Sha1;
            if (version == 2)
            {
                hash = Oids.Sha256;
                if (id.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
                {
                    hash = SignerInfo.ReadAlgorithm(id, out _);
                }
            }

            byte[] certHash = id.ReadOctetString();
            var names = new List<ReadOnlyMemory<byte>>();
            BigInteger? serial = null;
            bool hasIssuerSerial = false;
            if (id.HasData)
            {
                hasIssuerSerial = true;
                AsnReader issuerSerial = id.ReadSequence();
                AsnReader generalNames = issuerSerial.ReadSequence();
                while (generalNames.HasData)
                {
                    if (generalNames.PeekTag().HasSameClassAndValue(DirectoryNameTag))
                    {
                        AsnReader directoryName = generalNames.ReadSequence(DirectoryNameTag);
                        names.Add(directoryName.ReadEncodedValue());
                    }
                    else
                    {
                        generalNames.ReadEncodedValue();
                    }
                }

                serial = issuerSerial.ReadInteger();
            }

            ids.Add(new EssCertId(version, hash, certHash, names, serial, hasIssuerSerial));
        }

        return ids;
    }
}
