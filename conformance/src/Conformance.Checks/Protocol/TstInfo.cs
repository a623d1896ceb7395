using System.Formats.Asn1;
using System.Globalization;
using System.Numerics;
using System.Text;

namespace Conformance.Checks.Protocol;

/// <summary>
/// A decoded TSTInfo (RFC 3161 §2.4.2).
/// <code>
/// TSTInfo ::= SEQUENCE { version INTEGER { v1(1) }, policy TSAPolicyId, messageImprint MessageImprint,
///   serialNumber INTEGER, genTime GeneralizedTime, accuracy Accuracy OPTIONAL, ordering BOOLEAN DEFAULT FALSE,
///   nonce INTEGER OPTIONAL, tsa [0] GeneralName OPTIONAL, extensions [1] IMPLICIT Extensions OPTIONAL }
/// </code>
/// </summary>
public sealed class TstInfo
{
    private static readonly Asn1Tag TsaTag = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag ExtensionsTag = new(TagClass.ContextSpecific, 1, isConstructed: true);
    private static readonly Asn1Tag MillisTag = new(TagClass.ContextSpecific, 0);
    private static readonly Asn1Tag MicrosTag = new(TagClass.ContextSpecific, 1);

    private TstInfo(ReadOnlyMemory<byte> encoded) => Encoded = encoded;

    public ReadOnlyMemory<byte> Encoded { get; }
    public BigInteger Version { get; private set; }
    public string Policy { get; private set; } = "";
    public string HashAlgorithmOid { get; private set; } = "";
    public ReadOnlyMemory<byte> HashedMessage { get; private set; }
    public BigInteger SerialNumber { get; private set; }

    /// <summary>genTime exactly as encoded (e.g. "20250101120000.5Z"), for format checks.</summary>
    public string GenTimeText { get; private set; } = "";

    public DateTimeOffset? GenTime { get; private set; }
    public TstAccuracy? Accuracy { get; private set; }

    /// <summary>True when the ordering field is encoded at all (DER omits a DEFAULT FALSE).</summary>
    public bool OrderingEncoded { get; private set; }

    public bool Ordering { get; private set; }
    public BigInteger? Nonce { get; private set; }
    public bool HasTsaName { get; private set; }

    /// <summary>The tsa field's GeneralName as encoded inside the [0] EXPLICIT wrapper, when present.</summary>
    public ReadOnlyMemory<byte>? TsaName { get; private set; }

    public IReadOnlyList<(string Oid, bool Critical)> Extensions { get; private set; } = [];

    /// <summary>The TSTInfo extensions with their extnValue contents.</summary>
    public IReadOnlyList<TstExtension> ExtensionValues { get; private set; } = [];
    public IReadOnlyList<string> EncodingFindings { get; private set; } = [];

    public static bool TryDecode(ReadOnlyMemory<byte> encoded, out TstInfo? tstInfo, out string? error)
    {
        bool ok = Asn1Decoding.TryDecode(encoded, "TSTInfo", (reader, findings) => Read(encoded, reader, findings), out tstInfo, out var found, out error);
        if (ok)
        {
            tstInfo!.EncodingFindings = found;
        }

        return ok;
    }

    private static TstInfo Read(ReadOnlyMemory<byte> encoded, AsnReader outer, List<string> findings)
    {
        var tst = new TstInfo(encoded);
        AsnReader seq = outer.ReadSequence();
        tst.Version = seq.ReadInteger();
        tst.Policy = seq.ReadObjectIdentifier();

        AsnReader imprint = seq.ReadSequence();
        AsnReader algorithm = imprint.ReadSequence();
        tst.HashAlgorithmOid = algorithm.ReadObjectIdentifier();
        tst.HashedMessage = imprint.ReadOctetString();
        Asn1Decoding.ExpectEnd(imprint, "MessageImprint");

        tst.SerialNumber = seq.ReadInteger();

        ReadOnlyMemory<byte> genTimeTlv = seq.PeekEncodedValue();
        tst.GenTimeText = ReadGeneralizedTimeText(genTimeTlv);
        tst.GenTime = seq.ReadGeneralizedTime();

        if (seq.HasData && seq.PeekTag().HasSameClassAndValue(Asn1Tag.Sequence))
        {
            tst.Accuracy = ReadAccuracy(seq.ReadSequence());
        }

        if (seq.HasData && seq.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean))
        {
            tst.OrderingEncoded = true;
            tst.Ordering = seq.ReadBoolean();
            if (!tst.Ordering)
            {
                findings.Add("TSTInfo encodes ordering FALSE explicitly; DER requires a DEFAULT value to be omitted");
            }
        }

        if (seq.HasData && seq.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
        {
            tst.Nonce = seq.ReadInteger();
        }

        if (seq.HasData && seq.PeekTag().HasSameClassAndValue(TsaTag))
        {
            tst.HasTsaName = true;
            AsnReader wrapper = seq.ReadSequence(TsaTag);
            tst.TsaName = wrapper.ReadEncodedValue();
            Asn1Decoding.ExpectEnd(wrapper, "TSTInfo.tsa");
        }

        if (seq.HasData && seq.PeekTag().HasSameClassAndValue(ExtensionsTag))
        {
            var extensions = new List<(string, bool)>();
            var values = new List<TstExtension>();
            AsnReader list = seq.ReadSequence(ExtensionsTag);
            while (list.HasData)
            {
                AsnReader extension = list.ReadSequence();
                string oid = extension.ReadObjectIdentifier();
                bool critical = extension.HasData && extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean) && extension.ReadBoolean();
                byte[] value = extension.ReadOctetString();
                Asn1Decoding.ExpectEnd(extension, "TSTInfo extension");
                extensions.Add((oid, critical));
                values.Add(new TstExtension(oid, critical, value));
            }

            tst.Extensions = extensions;
            tst.ExtensionValues = values;
        }

        Asn1Decoding.ExpectEnd(seq, "TSTInfo");
        return tst;
    }

    private static TstAccuracy ReadAccuracy(AsnReader accuracy)
    {
        // Accuracy ::= SEQUENCE { seconds INTEGER OPTIONAL, millis [0] INTEGER (1..999) OPTIONAL, micros [1] INTEGER (1..999) OPTIONAL }
        BigInteger? seconds = null, millis = null, micros = null;
        if (accuracy.HasData && accuracy.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
        {
            seconds = accuracy.ReadInteger();
        }

        if (accuracy.HasData && accuracy.PeekTag().HasSameClassAndValue(MillisTag))
        {
            millis = accuracy.ReadInteger(MillisTag);
        }

        if (accuracy.HasData && accuracy.PeekTag().HasSameClassAndValue(MicrosTag))
        {
            micros = accuracy.ReadInteger(MicrosTag);
        }

        Asn1Decoding.ExpectEnd(accuracy, "Accuracy");
        return new TstAccuracy(seconds, millis, micros);
    }

    private static string ReadGeneralizedTimeText(ReadOnlyMemory<byte> tlv)
    {
        AsnDecoder.ReadEncodedValue(tlv.Span, AsnEncodingRules.BER, out int contentOffset, out int contentLength, out _);
        return Encoding.ASCII.GetString(tlv.Span.Slice(contentOffset, contentLength));
    }
}

/// <summary>One TSTInfo extension (RFC 5280 Extension syntax).</summary>
public sealed record TstExtension(string Oid, bool Critical, ReadOnlyMemory<byte> Value);

/// <summary>TSTInfo accuracy; a missing part counts as zero (RFC 3161 §2.4.2).</summary>
public sealed record TstAccuracy(BigInteger? Seconds, BigInteger? Millis, BigInteger? Micros)
{
    /// <summary>The accuracy in microseconds.</summary>
    public BigInteger TotalMicroseconds => ((Seconds ?? 0) * 1_000_000) + ((Millis ?? 0) * 1000) + (Micros ?? 0);

    public override string ToString()
    {
        BigInteger total = TotalMicroseconds;
        string text = (total / 1_000_000).ToString(CultureInfo.InvariantCulture);
        BigInteger fraction = total % 1_000_000;
        if (fraction != 0)
        {
            text += "." + fraction.ToString(CultureInfo.InvariantCulture).PadLeft(6, '0').TrimEnd('0');
        }

        return $"{text} s (seconds={Part(Seconds)}, millis={Part(Millis)}, micros={Part(Micros)})";

        static string Part(BigInteger? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "absent";
    }
}
