using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using ReferenceTsa.Issuance;

namespace ReferenceTsa.Defects;

/// <summary>
/// TSTInfo defects: what a faulty issuer would put into the token (wrong values) and how a faulty encoder would write
/// it (<see cref="TstInfoDeviations"/>). Applied by the issuer to the TSTInfo it has just filled in.
/// </summary>
public static class TstInfoDefects
{
    /// <summary>A policy OID (2.25, UUID arc) no endpoint of the reference TSA declares.</summary>
    public const string UndeclaredPolicyOid = "2.25.262473165829731164385939466014584720317";

    public static TstInfo Shape(TstInfo tst, IssuancePolicy policy, ActiveDefects defects)
    {
        if (!defects.Any)
        {
            return tst;
        }

        tst = tst with { Deviations = Deviations(defects) };
        tst = WrongValues(tst, defects);
        tst = WrongGenTime(tst, policy, defects);
        tst = tst with { Nonce = Nonce(tst.Nonce, defects) };
        return WrongNameOrQualification(tst, policy, defects);
    }

    /// <summary>How a faulty encoder would write the TSTInfo.</summary>
    private static TstInfoDeviations Deviations(ActiveDefects defects) => TstInfoDeviations.None with
    {
        Version = defects.Has(DefectCatalogue.TstInfoVersion2) ? 2 : 1,
        GenTimeTrailingZero = defects.Has(DefectCatalogue.GenTimeTrailingZero),
        OmitAccuracy = defects.Has(DefectCatalogue.AccuracyMissing),
        AccuracyEncoded = defects.Has(DefectCatalogue.AccuracyMillisOutOfRange) ? MillisOnlyAccuracy(1000) : null,
        Ordering = defects.Has(DefectCatalogue.OrderingTrue) ? true : defects.Has(DefectCatalogue.OrderingExplicitFalse) ? false : null,
        CriticalPrivateExtension = defects.Has(DefectCatalogue.CriticalTstInfoExtension),
        ExtraQcStatement = defects.Has(DefectCatalogue.QcStatementExtra),
        QcStatementsCritical = defects.Has(DefectCatalogue.QcStatementsCritical),
    };

    /// <summary>Wrong policy, imprint or serial number.</summary>
    private static TstInfo WrongValues(TstInfo tst, ActiveDefects defects)
    {
        if (defects.Has(DefectCatalogue.PolicyWrong))
        {
            tst = tst with { PolicyOid = UndeclaredPolicyOid };
        }

        if (defects.Has(DefectCatalogue.ImprintAltered))
        {
            byte[] imprint = tst.MessageImprint.ToArray();
            imprint[^1] ^= 0x01; // the last octet of hashedMessage
            tst = tst with { MessageImprint = imprint };
        }

        if (defects.Has(DefectCatalogue.SerialRepeated))
        {
            tst = tst with { SerialNumber = defects.RepeatedSerial(tst.SerialNumber) };
        }

        if (defects.Has(DefectCatalogue.SerialTooLong))
        {
            tst = tst with { SerialNumber = (BigInteger.One << 167) | tst.SerialNumber };
        }

        return tst;
    }

    /// <summary>Wrong genTime or accuracy: too coarse, outside the certificate's validity, skewed, running backwards.</summary>
    private static TstInfo WrongGenTime(TstInfo tst, IssuancePolicy policy, ActiveDefects defects)
    {
        if (defects.Has(DefectCatalogue.GenTimeWholeSeconds))
        {
            tst = tst with { GenTime = GenTimeFormat.Truncate(tst.GenTime, 0), Accuracy = new Accuracy(500_000) };
        }

        if (defects.Has(DefectCatalogue.AccuracyAboveOneSecond))
        {
            tst = tst with { Accuracy = new Accuracy(2_000_000) };
        }

        if (defects.Has(DefectCatalogue.GenTimeOutsideValidity))
        {
            var before = new DateTimeOffset(policy.Tsu.Certificate.NotBefore.ToUniversalTime()).AddHours(-1);
            tst = tst with { GenTime = GenTimeFormat.Truncate(before, policy.GenTimeFractionDigits) };
        }

        if (defects.Has(DefectCatalogue.GenTimeSkewed))
        {
            tst = tst with { GenTime = GenTimeFormat.Truncate(tst.GenTime + defects.GenTimeSkew, policy.GenTimeFractionDigits) };
        }

        if (defects.Has(DefectCatalogue.GenTimeJumpsBack) && defects.NextIsEven(policy.Name))
        {
            tst = tst with { GenTime = GenTimeFormat.Truncate(tst.GenTime.AddSeconds(-5), policy.GenTimeFractionDigits) };
        }

        return tst;
    }

    /// <summary>The issuer's name as TSTInfo.tsa, or the esi4 statement on the wrong endpoint.</summary>
    private static TstInfo WrongNameOrQualification(TstInfo tst, IssuancePolicy policy, ActiveDefects defects)
    {
        if (defects.Has(DefectCatalogue.TsaNameWrong))
        {
            tst = tst with { TsaName = policy.Tsu.Certificate.IssuerName.RawData };
        }

        if (defects.Has(DefectCatalogue.Esi4MissingOnQtsa) && policy.Qualified)
        {
            tst = tst with { QualifiedStatement = false };
        }

        if (defects.Has(DefectCatalogue.Esi4OnTsa) && !policy.Qualified)
        {
            tst = tst with { QualifiedStatement = true };
        }

        return tst;
    }

    private static ReadOnlyMemory<byte>? Nonce(ReadOnlyMemory<byte>? nonce, ActiveDefects defects)
    {
        if (defects.Has(DefectCatalogue.NonceMissing))
        {
            return null;
        }

        if (nonce is { } sent && defects.Has(DefectCatalogue.NonceAltered))
        {
            var value = new BigInteger(sent.Span, isUnsigned: false, isBigEndian: true) + 1;
            return value.ToByteArray(isUnsigned: false, isBigEndian: true);
        }

        if (nonce is null && defects.Has(DefectCatalogue.NonceInvented))
        {
            byte[] invented = RandomNumberGenerator.GetBytes(8);
            invented[0] = (byte)((invented[0] & 0x7F) | 0x01); // positive, minimal
            return invented;
        }

        return nonce;
    }

    /// <summary>Accuracy ::= SEQUENCE { millis [0] INTEGER } with a millis value of the caller's choosing.</summary>
    private static byte[] MillisOnlyAccuracy(int millis)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteInteger(millis, new Asn1Tag(TagClass.ContextSpecific, 0));
        }

        return writer.Encode();
    }
}
