using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Reports;

/// <summary>One file of evidence/: name, size, SHA-256 (checked against the run's manifest) and a readable decoding.</summary>
public sealed record EvidenceFile(string Name, long Length, string Sha256, string? ManifestSha256, string Dump)
{
    public bool MatchesManifest => ManifestSha256 == Sha256;
}

public static class EvidenceAppendix
{
    /// <summary>Report-size cap: characters of decodings in one report (files beyond it are listed with size and hash only).</summary>
    public const int MaxDecodedChars = 8_000_000;

    /// <summary>Report-size cap: characters of one decoding (a token with hundreds of certificates is cut, saying so).</summary>
    public const int MaxDumpChars = 24_000;

    public static IReadOnlyList<EvidenceFile> Collect(string evidenceDirectory)
    {
        if (!Directory.Exists(evidenceDirectory))
        {
            return [];
        }

        var manifest = ReadSha256Sums(Path.Combine(evidenceDirectory, "MANIFEST.sha256"));
        long decoded = 0;
        // Subfolders too (time/clock-reference.json, time/samples.json), named as the manifest names them.
        return Directory.EnumerateFiles(evidenceDirectory, "*", SearchOption.AllDirectories)
            .Select(f => (Path: f, Name: Path.GetRelativePath(evidenceDirectory, f).Replace('\\', '/')))
            .Where(f => f.Name != "MANIFEST.sha256")
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .Select(f =>
            {
                byte[] bytes = File.ReadAllBytes(f.Path);
                string name = f.Name;
                string dump = decoded < MaxDecodedChars ? Capped(Dump(name, bytes)) : $"(not decoded: report-size cap of {MaxDecodedChars} characters of decodings reached)";
                decoded += dump.Length;
                return new EvidenceFile(name, bytes.Length, Convert.ToHexStringLower(SHA256.HashData(bytes)), manifest.GetValueOrDefault(name), dump);
            })
            .ToList();
    }

    private static string Capped(string dump) => dump.Length <= MaxDumpChars
        ? dump
        : dump[..MaxDumpChars] + $"\n... (cut: report-size cap of {MaxDumpChars} characters per decoding; {dump.Length} in all)";

    /// <summary>sha256sum format: "hex  name" per line.</summary>
    public static Dictionary<string, string> ReadSha256Sums(string path)
    {
        var sums = new Dictionary<string, string>(StringComparer.Ordinal);
        if (File.Exists(path))
        {
            foreach (string line in File.ReadLines(path).Where(l => l.Length > 66))
            {
                sums[line[66..].TrimStart('*')] = line[..64];
            }
        }

        return sums;
    }

    public static string Dump(string name, byte[] bytes)
    {
        try
        {
            return Path.GetExtension(name) switch
            {
                ".tst" => DumpToken(bytes),
                ".tsr" => DumpResponse(bytes),
                ".cer" or ".crt" => DumpCertificate(X509CertificateLoader.LoadCertificate(bytes)),
                ".tsq" => DumpRequest(bytes),
                ".txt" or ".log" or ".json" => Encoding.UTF8.GetString(bytes),
                _ => $"{bytes.Length} bytes",
            };
        }
        catch (Exception e) when (e is CryptographicException or AsnContentException or FormatException)
        {
            return $"not decodable: {e.Message}";
        }
    }

    private static string DumpToken(byte[] der)
    {
        if (!Rfc3161TimestampToken.TryDecode(der, out Rfc3161TimestampToken? token, out _))
        {
            return "not a decodable RFC 3161 token (see the failing scenario)";
        }

        Rfc3161TimestampTokenInfo i = token.TokenInfo;
        var text = new StringBuilder();
        text.AppendLine($"TSTInfo version 1, policy {i.PolicyId.Value}");
        text.AppendLine($"serialNumber   {Convert.ToHexString(i.GetSerialNumber().ToArray().Reverse().ToArray())}");
        text.AppendLine($"genTime        {i.Timestamp.UtcDateTime:yyyy-MM-ddTHH:mm:ss.FFFFFFF}Z");
        text.AppendLine($"accuracy       {(i.AccuracyInMicroseconds is { } us ? $"{us} µs" : "absent")}");
        text.AppendLine($"messageImprint {i.HashAlgorithmId.FriendlyName ?? i.HashAlgorithmId.Value} {Convert.ToHexStringLower(i.GetMessageHash().Span)}");
        text.AppendLine($"nonce          {(i.GetNonce() is { } n ? Convert.ToHexString(n.ToArray().Reverse().ToArray()) : "absent")}");
        text.AppendLine($"ordering       {i.IsOrdering}");
        text.AppendLine($"tsa            {(i.GetTimestampAuthorityName() is { } tsa ? GeneralName(tsa) : "absent")}");
        SignedCms cms = token.AsSignedCms();
        foreach (SignerInfo signer in cms.SignerInfos)
        {
            text.AppendLine($"signer         {signer.Certificate?.Subject ?? IssuerSerial(signer)} digest {signer.DigestAlgorithm.FriendlyName ?? signer.DigestAlgorithm.Value}");
        }

        text.AppendLine($"certificates   {cms.Certificates.Count}");
        foreach (X509Certificate2 cert in cms.Certificates)
        {
            text.Append(DumpCertificate(cert));
        }

        return text.ToString();
    }

    /// <summary>TSTInfo.tsa is a GeneralName; a directoryName ([4]) is shown as a DN, anything else as hex.</summary>
    private static string GeneralName(ReadOnlyMemory<byte> der)
    {
        var reader = new AsnReader(der, AsnEncodingRules.BER);
        if (reader.PeekTag() == new Asn1Tag(TagClass.ContextSpecific, 4, isConstructed: true))
        {
            AsnReader name = reader.ReadSequence(new Asn1Tag(TagClass.ContextSpecific, 4, isConstructed: true));
            return "directoryName " + new X500DistinguishedName(name.ReadEncodedValue().Span).Name;
        }

        return Convert.ToHexStringLower(der.Span);
    }

    private static string IssuerSerial(SignerInfo signer) =>
        signer.SignerIdentifier.Value is System.Security.Cryptography.Xml.X509IssuerSerial s ? $"{s.IssuerName} #{s.SerialNumber}" : signer.SignerIdentifier.Type.ToString();

    private static string DumpResponse(byte[] der)
    {
        var reader = new AsnReader(der, AsnEncodingRules.BER);
        AsnReader resp = reader.ReadSequence();
        AsnReader status = resp.ReadSequence();
        int code = (int)status.ReadInteger();
        string statusText = code switch { 0 => "granted", 1 => "grantedWithMods", 2 => "rejection", 3 => "waiting", 4 => "revocationWarning", 5 => "revocationNotification", _ => "unknown" };
        return $"PKIStatus {code} ({statusText}); {(resp.HasData ? "carries a token" : "no token")}; {der.Length} bytes";
    }

    private static string DumpRequest(byte[] der)
    {
        var reader = new AsnReader(der, AsnEncodingRules.BER).ReadSequence();
        int version = (int)reader.ReadInteger();
        AsnReader imprint = reader.ReadSequence();
        string alg = imprint.ReadSequence().ReadObjectIdentifier();
        byte[] hash = imprint.ReadOctetString();
        return $"TimeStampReq version {version}, imprint {Oid.FromOidValue(alg, OidGroup.HashAlgorithm).FriendlyName ?? alg} {Convert.ToHexStringLower(hash)}";
    }

    public static string DumpCertificate(X509Certificate2 cert)
    {
        var text = new StringBuilder();
        text.AppendLine($"  subject      {cert.Subject}");
        text.AppendLine($"  issuer       {cert.Issuer}");
        text.AppendLine($"  serial       {cert.SerialNumber}");
        text.AppendLine($"  validity     {cert.NotBefore.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ} .. {cert.NotAfter.ToUniversalTime():yyyy-MM-ddTHH:mm:ssZ}");
        text.AppendLine($"  signature    {cert.SignatureAlgorithm.FriendlyName ?? cert.SignatureAlgorithm.Value}");
        text.AppendLine($"  public key   {cert.PublicKey.Oid.FriendlyName} {KeySize(cert)} bits");
        foreach (X509Extension ext in cert.Extensions)
        {
            string value = ext is X509EnhancedKeyUsageExtension eku
                ? string.Join(", ", eku.EnhancedKeyUsages.Cast<Oid>().Select(o => o.FriendlyName ?? o.Value))
                : ext.Format(false);
            text.AppendLine($"  {ext.Oid?.FriendlyName ?? ext.Oid?.Value}{(ext.Critical ? " (critical)" : "")}: {value}");
        }

        text.AppendLine($"  SHA-256      {cert.GetCertHashString(HashAlgorithmName.SHA256).ToLowerInvariant()}");
        return text.ToString();
    }

    private static int KeySize(X509Certificate2 cert) =>
        cert.GetRSAPublicKey()?.KeySize ?? cert.GetECDsaPublicKey()?.KeySize ?? 0;
}
