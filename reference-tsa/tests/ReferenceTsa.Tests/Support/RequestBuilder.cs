using System.Formats.Asn1;
using System.Numerics;

namespace ReferenceTsa.Tests.Support;

/// <summary>Builds TimeStampReq DER in the tests, independently of the TSA's own code, including wrong ones.</summary>
public sealed class RequestBuilder
{
    public const string Sha256 = "2.16.840.1.101.3.4.2.1";

    public BigInteger Version { get; set; } = 1;

    public string HashOid { get; set; } = Sha256;

    public bool HashNullParameters { get; set; }

    public byte[]? HashParameters { get; set; }

    public byte[] Imprint { get; set; } = new byte[32];

    public string? Policy { get; set; }

    public byte[]? NonceContents { get; set; }

    public bool? CertReq { get; set; }

    public List<(string Oid, bool Critical)> Extensions { get; } = [];

    public static RequestBuilder Sha256Of(string text) =>
        new() { Imprint = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)) };

    public byte[] Encode()
    {
        var w = new AsnWriter(AsnEncodingRules.DER);
        using (w.PushSequence())
        {
            w.WriteInteger(Version);
            using (w.PushSequence())
            {
                using (w.PushSequence())
                {
                    w.WriteObjectIdentifier(HashOid);
                    if (HashNullParameters)
                    {
                        w.WriteNull();
                    }

                    if (HashParameters is not null)
                    {
                        w.WriteEncodedValue(HashParameters);
                    }
                }

                w.WriteOctetString(Imprint);
            }

            if (Policy is not null)
            {
                w.WriteObjectIdentifier(Policy);
            }

            if (NonceContents is not null)
            {
                w.WriteInteger(NonceContents);
            }

            if (CertReq is { } certReq)
            {
                w.WriteBoolean(certReq);
            }

            if (Extensions.Count > 0)
            {
                using (w.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0)))
                {
                    foreach (var (oid, critical) in Extensions)
                    {
                        using (w.PushSequence())
                        {
                            w.WriteObjectIdentifier(oid);
                            if (critical)
                            {
                                w.WriteBoolean(true);
                            }

                            w.WriteOctetString([0x05, 0x00]);
                        }
                    }
                }
            }
        }

        return w.Encode();
    }
}
