using System.Formats.Asn1;
using System.Text;

namespace Conformance.Checks.Protocol;

/// <summary>
/// A time-stamp read from a file for offline inspection: a TimeStampResp (.tsr) or a bare TimeStampToken (.tst),
/// in DER, PEM or base64. Never throws for bad content: <see cref="Error"/> says what is wrong and where.
/// </summary>
public sealed class StoredToken
{
    public required string Path { get; init; }

    /// <summary>"DER", "PEM" or "base64".</summary>
    public string Encoding { get; init; } = "DER";

    /// <summary>"TimeStampResp" or "TimeStampToken"; empty when the file could not be recognised.</summary>
    public string Kind { get; init; } = "";

    public byte[] Bytes { get; init; } = [];
    public TimeStampResponse? Response { get; init; }
    public TimeStampToken? Token { get; init; }
    public string? Error { get; init; }

    /// <summary>For a stored TimeStampResp: what the TSA said (status, failInfo, statusString); null for a bare token.</summary>
    public string? ResponseStatus => Response?.Describe();

    /// <summary>Why the token checks do not apply to a stored TimeStampResp that carries no token; null when it carries one.</summary>
    public string? WithoutToken => Response is { TokenBytes: null } r
        ? $"the stored TimeStampResp carries no token ({r.Describe()}): TSP-RESP-001..003 judge the response; the token checks do not apply"
        : null;

    /// <summary>Frees the certificates of the decoded token(s) (<see cref="TimeStampToken.ReleaseCertificates"/>): for a caller done with the file.</summary>
    public void ReleaseCertificates()
    {
        Token?.ReleaseCertificates();
        if (Response?.Token is { } inResponse && !ReferenceEquals(inResponse, Token))
        {
            inResponse.ReleaseCertificates();
        }
    }

    public static StoredToken Read(string path)
    {
        byte[] raw;
        try
        {
            raw = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new StoredToken { Path = path, Error = $"{path}: cannot be read: {e.Message}" };
        }

        (byte[] der, string encoding) = Unwrap(raw);
        if (der.Length == 0)
        {
            return new StoredToken { Path = path, Encoding = encoding, Error = $"{path}: the file is empty or holds no decodable data" };
        }

        string kind = Classify(der);
        switch (kind)
        {
            case "TimeStampResp":
                if (!TimeStampResponse.TryDecode(der, out TimeStampResponse? response, out string? responseError))
                {
                    return new StoredToken { Path = path, Encoding = encoding, Kind = kind, Bytes = der, Error = $"{path}: {responseError}" };
                }

                // A response without a token (a rejection, or a grant that lost its token) is still a response to judge:
                // TSP-RESP-001..003 do, and the token checks do not apply. Only an undecodable token is an input error.
                string? tokenError = response!.TokenBytes is null || response.TokenError is null ? null : $"{path}: {response.TokenError}";
                return new StoredToken { Path = path, Encoding = encoding, Kind = kind, Bytes = der, Response = response, Token = response.Token, Error = tokenError };

            case "TimeStampToken":
                return TimeStampToken.TryDecode(der, out TimeStampToken? token, out string? error)
                    ? new StoredToken { Path = path, Encoding = encoding, Kind = kind, Bytes = der, Token = token }
                    : new StoredToken { Path = path, Encoding = encoding, Kind = kind, Bytes = der, Error = $"{path}: {error}" };

            default:
                return new StoredToken
                {
                    Path = path,
                    Encoding = encoding,
                    Bytes = der,
                    Error = $"{path}: not a TimeStampResp or TimeStampToken ({kind})",
                };
        }
    }

    /// <summary>
    /// Why a file found in a folder is not a time-stamp at all (text that is neither PEM nor base64 of a DER SEQUENCE,
    /// or binary data that does not start with a SEQUENCE), or null when it may be one. A damaged token still starts
    /// with a SEQUENCE and is judged; a README or the stamped data beside the tokens is not.
    /// </summary>
    public static string? NotATimeStamp(byte[] raw)
    {
        if (raw.Length == 0)
        {
            return "the file is empty";
        }

        (byte[] der, _) = Unwrap(raw);
        if (der.Length > 0 && der[0] == 0x30)
        {
            return null;
        }

        return raw[0] is >= 0x20 and < 0x7F or (byte)'\t' or (byte)'\n' or (byte)'\r'
            ? "text, neither PEM nor base64 of a DER SEQUENCE"
            : $"binary data starting with byte 0x{raw[0]:X2}, not a DER SEQUENCE";
    }

    private static (byte[] Der, string Encoding) Unwrap(byte[] raw)
    {
        if (raw.Length > 0 && raw[0] == 0x30)
        {
            return (raw, "DER");
        }

        string text;
        try
        {
            text = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(raw);
        }
        catch (DecoderFallbackException)
        {
            return (raw, "DER");
        }

        bool pem = text.Contains("-----BEGIN", StringComparison.Ordinal);
        var body = new StringBuilder();
        foreach (string line in text.Split('\n'))
        {
            string trimmed = line.Trim();
            if (trimmed.StartsWith("-----", StringComparison.Ordinal) || trimmed.Contains(':', StringComparison.Ordinal))
            {
                continue;
            }

            body.Append(trimmed);
        }

        try
        {
            return (Convert.FromBase64String(body.ToString()), pem ? "PEM" : "base64");
        }
        catch (FormatException)
        {
            return (raw, "DER");
        }
    }

    private static string Classify(byte[] der)
    {
        try
        {
            var reader = new AsnReader(der, AsnEncodingRules.BER);
            AsnReader outer = reader.ReadSequence();
            Asn1Tag first = outer.PeekTag();
            if (first.HasSameClassAndValue(Asn1Tag.Sequence))
            {
                return "TimeStampResp";
            }

            if (first.HasSameClassAndValue(Asn1Tag.ObjectIdentifier))
            {
                return "TimeStampToken";
            }

            return $"the outer SEQUENCE starts with {Asn1Decoding.Describe(first)}";
        }
        catch (Exception e) when (e is AsnContentException or System.Security.Cryptography.CryptographicException)
        {
            return $"not ASN.1: {e.Message}";
        }
    }
}
