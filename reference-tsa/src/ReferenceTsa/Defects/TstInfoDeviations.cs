using System.Formats.Asn1;
using System.Globalization;
using System.Text;
using ReferenceTsa.Protocol;

namespace ReferenceTsa.Defects;

/// <summary>
/// Encoding departures the TSTInfo encoder makes when a defect asks for them (Issuance/TstInfo.Encode consults this).
/// <see cref="None"/> encodes the conformant TSTInfo.
/// </summary>
public sealed record TstInfoDeviations
{
    public static readonly TstInfoDeviations None = new();

    /// <summary>A private-arc OID (2.25, UUID) for the critical extension of critical-tstinfo-extension.</summary>
    public const string PrivateExtensionOid = "2.25.311916914812093415096183096712407316213";

    /// <summary>QcCompliance (EN 319 412-5), the extra statement of qcstatement-extra.</summary>
    public const string QcComplianceOid = "0.4.0.1862.1.1";

    public int Version { get; init; } = 1;

    public bool OmitAccuracy { get; init; }

    /// <summary>A complete Accuracy encoding written instead of the declared accuracy.</summary>
    public byte[]? AccuracyEncoded { get; init; }

    /// <summary>ordering written explicitly with this value; null leaves the DEFAULT out (DER).</summary>
    public bool? Ordering { get; init; }

    public bool GenTimeTrailingZero { get; init; }

    public bool QcStatementsCritical { get; init; }

    public bool ExtraQcStatement { get; init; }

    public bool CriticalPrivateExtension { get; init; }

    public bool HasExtensions(bool qualified) => qualified || CriticalPrivateExtension;

    /// <summary>genTime as "YYYYMMDDhhmmss.fff0Z": milliseconds and one trailing zero, which DER and RFC 3161 forbid.</summary>
    public static void WriteGenTimeWithTrailingZero(AsnWriter writer, DateTimeOffset genTime)
    {
        byte[] text = Encoding.ASCII.GetBytes(genTime.UtcDateTime.ToString("yyyyMMddHHmmss.fff", CultureInfo.InvariantCulture) + "0Z");
        writer.WriteEncodedValue([(byte)UniversalTagNumber.GeneralizedTime, (byte)text.Length, .. text]);
    }

    /// <summary>Extension ::= SEQUENCE { extnID, critical TRUE, extnValue OCTET STRING (NULL) }.</summary>
    public static void WriteCriticalPrivateExtension(AsnWriter writer)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(PrivateExtensionOid);
            writer.WriteBoolean(true);
            writer.WriteOctetString([0x05, 0x00]);
        }
    }

    /// <summary>The QCStatements value: esi4-qtstStatement-1, and QcCompliance too when <see cref="ExtraQcStatement"/>.</summary>
    public byte[] QcStatementsValue()
    {
        var value = new AsnWriter(AsnEncodingRules.DER);
        using (value.PushSequence())
        {
            using (value.PushSequence())
            {
                value.WriteObjectIdentifier(Oids.EtsiQtstStatement1);
            }

            if (ExtraQcStatement)
            {
                using (value.PushSequence())
                {
                    value.WriteObjectIdentifier(QcComplianceOid);
                }
            }
        }

        return value.Encode();
    }
}
