using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;

namespace Conformance.Checks.Protocol;

/// <summary>
/// A TimeStampReq (RFC 3161 §2.4.1) as the suite sends it. Encoded in DER.
/// <code>
/// TimeStampReq ::= SEQUENCE { version INTEGER { v1(1) }, messageImprint MessageImprint,
///   reqPolicy TSAPolicyId OPTIONAL, nonce INTEGER OPTIONAL, certReq BOOLEAN DEFAULT FALSE,
///   extensions [0] IMPLICIT Extensions OPTIONAL }
/// </code>
/// </summary>
public sealed record TimeStampRequest
{
    public int Version { get; init; } = 1;
    public required string HashAlgorithmOid { get; init; }
    public required ReadOnlyMemory<byte> HashedMessage { get; init; }
    public string? RequestedPolicy { get; init; }
    public BigInteger? Nonce { get; init; }

    /// <summary>null: the field is omitted (DEFAULT FALSE); false: encoded explicitly (not DER, but what a careless client sends).</summary>
    public bool? CertReq { get; init; }

    /// <summary>Request extensions (RFC 3161 §2.4.1 extensions [0] IMPLICIT Extensions): OID, critical, extnValue.</summary>
    public IReadOnlyList<(string Oid, bool Critical, byte[] Value)> Extensions { get; init; } = [];

    /// <summary>When set, these bytes are sent instead of the encoding (deliberately malformed requests).</summary>
    public byte[]? RawEncoding { get; init; }

    public static TimeStampRequest ForRandomDigest(HashAlgorithmInfo algorithm) =>
        new() { HashAlgorithmOid = algorithm.Oid, HashedMessage = algorithm.HashRandomData() };

    /// <summary>A random positive nonce of the given size. The top bit of the value is forced on, so the DER encoding needs a leading zero byte.</summary>
    public static BigInteger RandomNonce(int bits)
    {
        if (bits is < 8 or > 512 || bits % 8 != 0)
        {
            throw new ArgumentOutOfRangeException(nameof(bits), bits, "A nonce size must be a multiple of 8 between 8 and 512 bits.");
        }

        byte[] bytes = RandomNumberGenerator.GetBytes(bits / 8);
        bytes[0] |= 0x80;
        return new BigInteger(bytes, isUnsigned: true, isBigEndian: true);
    }

    public byte[] Encode()
    {
        if (RawEncoding is not null)
        {
            return RawEncoding;
        }

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(Version);
            using (writer.PushSequence())
            {
                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(HashAlgorithmOid);
                    writer.WriteNull();
                }

                writer.WriteOctetString(HashedMessage.Span);
            }

            if (RequestedPolicy is not null)
            {
                writer.WriteObjectIdentifier(RequestedPolicy);
            }

            if (Nonce is { } nonce)
            {
                writer.WriteInteger(nonce);
            }

            if (CertReq is { } certReq)
            {
                writer.WriteBoolean(certReq);
            }

            if (Extensions.Count > 0)
            {
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                {
                    foreach ((string oid, bool critical, byte[] value) in Extensions)
                    {
                        using (writer.PushSequence())
                        {
                            writer.WriteObjectIdentifier(oid);
                            if (critical)
                            {
                                writer.WriteBoolean(true);
                            }

                            writer.WriteOctetString(value);
                        }
                    }
                }
            }
        }

        return writer.Encode();
    }
}
