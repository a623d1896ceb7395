namespace ReferenceTsa.Protocol;

/// <summary>
/// PKIFailureInfo named bits of RFC 3161 §2.4.2, the only values a compliant TSA should produce.
/// The enum value is 1 &lt;&lt; bit so that <see cref="System.Formats.Asn1.AsnWriter.WriteNamedBitList(Enum, System.Formats.Asn1.Asn1Tag?)"/>
/// writes it as a DER named bit list (minimal length, trailing zero bits removed).
/// </summary>
[Flags]
public enum PkiFailureInfo
{
    None = 0,
    BadAlg = 1 << 0,
    BadRequest = 1 << 2,
    BadDataFormat = 1 << 5,
    TimeNotAvailable = 1 << 14,
    UnacceptedPolicy = 1 << 15,
    UnacceptedExtension = 1 << 16,
    AddInfoNotAvailable = 1 << 17,
    SystemFailure = 1 << 25,
}
