using System.Formats.Asn1;

namespace ReferenceTsa.Protocol;

/// <summary>
/// Strict DER decoding of a TimeStampReq (RFC 3161 §2.4.1). Anything that is not a single, complete DER value
/// of the right shape (BER indefinite lengths, non-minimal encodings, truncation, trailing bytes) is a
/// badDataFormat. Expected bad input is data, not an exception: <see cref="TryDecode"/> returns false with a reason.
/// </summary>
public static class TimeStampRequestDecoder
{
    /// <param name="lenient">Only for the lenient-request-decoding defect: BER rules, trailing bytes ignored.</param>
    public static bool TryDecode(ReadOnlyMemory<byte> der, out TimeStampRequest? request, out string? problem, bool lenient = false)
    {
        request = null;
        problem = null;
        if (der.IsEmpty)
        {
            problem = "the request body is empty";
            return false;
        }

        try
        {
            request = Decode(der, lenient);
            return true;
        }
        catch (AsnContentException e)
        {
            problem = "the request is not a DER TimeStampReq: " + e.Message;
        }
        catch (MalformedRequestException e)
        {
            problem = e.Message;
        }

        return false;
    }

    private static TimeStampRequest Decode(ReadOnlyMemory<byte> der, bool lenient)
    {
        var outer = new AsnReader(der, lenient ? AsnEncodingRules.BER : AsnEncodingRules.DER);
        var sequence = outer.ReadSequence();
        if (outer.HasData && !lenient)
        {
            throw new MalformedRequestException("the request has trailing bytes after the TimeStampReq");
        }

        var version = sequence.ReadInteger(); // absurd versions are refused as badRequest, not as malformed

        var messageImprintEncoded = sequence.PeekEncodedValue();
        var (hashOid, hashedMessage) = ReadMessageImprint(sequence);
        string? policy = null;
        ReadOnlyMemory<byte>? nonce = null;
        bool certReq = false;

        if (sequence.HasData && sequence.PeekTag().HasSameClassAndValue(Asn1Tag.ObjectIdentifier))
        {
            policy = ObjectIdentifierReader.Read(sequence);
        }

        if (sequence.HasData && sequence.PeekTag().HasSameClassAndValue(Asn1Tag.Integer))
        {
            nonce = sequence.ReadIntegerBytes();
        }

        if (sequence.HasData && sequence.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean))
        {
            // DER omits a DEFAULT FALSE; an explicit FALSE is tolerated because common clients send it.
            certReq = sequence.ReadBoolean();
        }

        var extensionOids = ReadExtensionOids(sequence);
        if (sequence.HasData)
        {
            throw new MalformedRequestException(
                $"the TimeStampReq has an unexpected field with tag {sequence.PeekTag()} where it should have ended");
        }

        return new TimeStampRequest
        {
            Version = version,
            HashAlgorithmOid = hashOid,
            MessageImprintEncoded = messageImprintEncoded,
            HashedMessage = hashedMessage,
            RequestedPolicy = policy,
            Nonce = nonce,
            CertReq = certReq,
            ExtensionOids = extensionOids,
        };
    }

    /// <summary>MessageImprint: the hash AlgorithmIdentifier (parameters absent or NULL) and the hashed message.</summary>
    private static (string HashOid, byte[] HashedMessage) ReadMessageImprint(AsnReader sequence)
    {
        var imprint = sequence.ReadSequence();
        var algorithm = imprint.ReadSequence();
        string hashOid = ObjectIdentifierReader.Read(algorithm);
        if (algorithm.HasData)
        {
            // RFC 5754 §2: SHA-2 parameters are absent, or NULL from older implementations. Nothing else.
            algorithm.ReadNull();
            algorithm.ThrowIfNotEmpty();
        }

        var hashedMessage = imprint.ReadOctetString();
        imprint.ThrowIfNotEmpty();
        return (hashOid, hashedMessage);
    }

    /// <summary>The [0] Extensions, if present: each extension's OID (critical flag and value read and checked for shape).</summary>
    private static List<string> ReadExtensionOids(AsnReader sequence)
    {
        var extensionOids = new List<string>();
        var extensionsTag = new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true);
        if (!sequence.HasData || sequence.PeekTag() != extensionsTag)
        {
            return extensionOids;
        }

        var extensions = sequence.ReadSequence(extensionsTag);
        while (extensions.HasData)
        {
            var extension = extensions.ReadSequence();
            extensionOids.Add(ObjectIdentifierReader.Read(extension));
            if (extension.PeekTag().HasSameClassAndValue(Asn1Tag.Boolean))
            {
                extension.ReadBoolean();
            }

            extension.ReadOctetString();
            extension.ThrowIfNotEmpty();
        }

        if (extensionOids.Count == 0)
        {
            throw new MalformedRequestException("the request's extensions field is present but empty (Extensions is SIZE (1..MAX))");
        }

        return extensionOids;
    }

    private sealed class MalformedRequestException(string message) : Exception(message);
}
