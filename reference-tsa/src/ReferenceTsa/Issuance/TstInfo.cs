using System.Formats.Asn1;
using System.Numerics;
using ReferenceTsa.Protocol;

namespace ReferenceTsa.Issuance;

/// <summary>The content of one token, in the order of RFC 3161 §2.4.2 TSTInfo, and its DER encoding.</summary>
public sealed record TstInfo
{
    public required string PolicyOid { get; init; }

    public required ReadOnlyMemory<byte> MessageImprint { get; init; }

    public required BigInteger SerialNumber { get; init; }

    public required DateTimeOffset GenTime { get; init; }

    public required Accuracy Accuracy { get; init; }

    public ReadOnlyMemory<byte>? Nonce { get; init; }

    /// <summary>DER Name of the TSU, written as GeneralName directoryName when present.</summary>
    public ReadOnlyMemory<byte>? TsaName { get; init; }

    public bool QualifiedStatement { get; init; }

    /// <summary>Encoding departures injected by a development-mode defect (Defects/); none in a conformant TSA.</summary>
    public Defects.TstInfoDeviations Deviations { get; init; } = Defects.TstInfoDeviations.None;

    public byte[] Encode()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(Deviations.Version); // version v1
            writer.WriteObjectIdentifier(PolicyOid);
            writer.WriteEncodedValue(MessageImprint.Span); // echoed byte for byte from the request
            writer.WriteInteger(SerialNumber);
            if (Deviations.GenTimeTrailingZero)
            {
                Defects.TstInfoDeviations.WriteGenTimeWithTrailingZero(writer, GenTime);
            }
            else
            {
                GenTimeFormat.Write(writer, GenTime);
            }

            if (Deviations.AccuracyEncoded is { } accuracy)
            {
                writer.WriteEncodedValue(accuracy);
            }
            else if (!Deviations.OmitAccuracy)
            {
                Accuracy.WriteTo(writer);
            }

            // ordering: DEFAULT FALSE, and EN 319 422 §5.2.2 wants it false, so DER omits it.
            if (Deviations.Ordering is { } ordering)
            {
                writer.WriteBoolean(ordering);
            }

            if (Nonce is { } nonce)
            {
                writer.WriteInteger(nonce.Span); // content octets exactly as the client sent them
            }

            if (TsaName is { } name)
            {
                // tsa [0] GeneralName, and directoryName [4] Name: both explicit, because each wraps a CHOICE.
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 4, isConstructed: true)))
                {
                    writer.WriteEncodedValue(name.Span);
                }
            }

            if (Deviations.HasExtensions(QualifiedStatement))
            {
                using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 1, isConstructed: true)))
                {
                    if (QualifiedStatement)
                    {
                        WriteQcStatementsExtension(writer);
                    }

                    if (Deviations.CriticalPrivateExtension)
                    {
                        Defects.TstInfoDeviations.WriteCriticalPrivateExtension(writer);
                    }
                }
            }
        }

        return writer.Encode();
    }

    /// <summary>
    /// EN 319 422 §9.1 and Annex B: a non-critical qcStatements extension (RFC 3739) holding one QCStatement,
    /// esi4-qtstStatement-1, without statementInfo. Critical is DEFAULT FALSE, so it is omitted.
    /// </summary>
    private void WriteQcStatementsExtension(AsnWriter writer)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(Oids.QcStatementsExtension);
            if (Deviations.QcStatementsCritical)
            {
                writer.WriteBoolean(true);
            }

            writer.WriteOctetString(Deviations.QcStatementsValue());
        }
    }
}
