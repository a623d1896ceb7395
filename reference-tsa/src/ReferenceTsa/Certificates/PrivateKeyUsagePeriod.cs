using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;
using ReferenceTsa.Protocol;

namespace ReferenceTsa.Certificates;

/// <summary>
/// The privateKeyUsagePeriod extension (RFC 3280 §4.2.1.4, 2.5.29.16) that EN 319 422 §6.4 recommends and
/// EN 319 421 TIS-7.6.7 uses to end a TSU key's signing life before its certificate expires.
/// </summary>
public sealed record PrivateKeyUsagePeriod(DateTimeOffset? NotBefore, DateTimeOffset? NotAfter)
{
    public X509Extension ToExtension()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            if (NotBefore is { } from)
            {
                writer.WriteGeneralizedTime(from, omitFractionalSeconds: true, new Asn1Tag(TagClass.ContextSpecific, 0));
            }

            if (NotAfter is { } to)
            {
                writer.WriteGeneralizedTime(to, omitFractionalSeconds: true, new Asn1Tag(TagClass.ContextSpecific, 1));
            }
        }

        return new X509Extension(Oids.PrivateKeyUsagePeriod, writer.Encode(), critical: false);
    }

    public static PrivateKeyUsagePeriod? FromCertificate(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions[Oids.PrivateKeyUsagePeriod];
        if (extension is null)
        {
            return null;
        }

        var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER).ReadSequence();
        DateTimeOffset? notBefore = null, notAfter = null;
        var before = new Asn1Tag(TagClass.ContextSpecific, 0);
        var after = new Asn1Tag(TagClass.ContextSpecific, 1);
        if (reader.HasData && reader.PeekTag() == before)
        {
            notBefore = reader.ReadGeneralizedTime(before);
        }

        if (reader.HasData && reader.PeekTag() == after)
        {
            notAfter = reader.ReadGeneralizedTime(after);
        }

        reader.ThrowIfNotEmpty();
        return new PrivateKeyUsagePeriod(notBefore, notAfter);
    }

    public bool Covers(DateTimeOffset instant) =>
        (NotBefore is null || instant >= NotBefore) && (NotAfter is null || instant <= NotAfter);
}
