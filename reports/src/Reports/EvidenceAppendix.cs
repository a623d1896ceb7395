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

    /// <summary>Files read, hashed and decoded side by side before the report-size cap is applied to them in file order.</summary>
    private const int Batch = 64;

    public static IReadOnlyList<EvidenceFile> Collect(string evidenceDirectory)
    {
        if (!Directory.Exists(evidenceDirectory))
        {
            return [];
        }

        var manifest = ReadSha256Sums(Path.Combine(evidenceDirectory, "MANIFEST.sha256"));
        // Subfolders too (time/clock-reference.json, time/samples.json), named as the manifest names them.
        var files = Directory.EnumerateFiles(evidenceDirectory, "*", SearchOption.AllDirectories)
            .Select(f => (Path: f, Name: Path.GetRelativePath(evidenceDirectory, f).Replace('\\', '/')))
            .Where(f => f.Name != "MANIFEST.sha256")
            .OrderBy(f => f.Name, StringComparer.Ordinal)
            .ToList();
        var certificates = new CertificateDecodings();
        var listed = new List<EvidenceFile>(files.Count);
        long decoded = 0;
        foreach (var batch in files.Chunk(Batch))
        {
            // A batch is decoded only while the cap is not reached, so at most one batch is decoded in vain.
            bool decode = decoded < MaxDecodedChars;
            var read = new (long Length, string Sha256, string? Dump)[batch.Length];
            Parallel.For(0, batch.Length, i =>
            {
                byte[] bytes = File.ReadAllBytes(batch[i].Path);
                string sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
                read[i] = (bytes.Length, sha256, decode ? Dump(batch[i].Name, bytes, sha256, certificates) : null);
            });
            for (int i = 0; i < batch.Length; i++)
            {
                string dump = decoded < MaxDecodedChars ? Capped(read[i].Dump!) : $"(not decoded: report-size cap of {MaxDecodedChars} characters of decodings reached)";
                decoded += dump.Length;
                listed.Add(new EvidenceFile(batch[i].Name, read[i].Length, read[i].Sha256, manifest.GetValueOrDefault(batch[i].Name), dump));
            }
        }

        return listed;
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

    public static string Dump(string name, byte[] bytes) => Dump(name, bytes, null, new CertificateDecodings());

    /// <param name="sha256">The file's SHA-256 (hex), when already computed.</param>
    /// <param name="certificates">The certificates of the listing decoded so far.</param>
    private static string Dump(string name, byte[] bytes, string? sha256, CertificateDecodings certificates)
    {
        try
        {
            return Path.GetExtension(name) switch
            {
                ".tst" => DumpToken(bytes, certificates),
                ".tsr" => DumpResponse(bytes),
                ".cer" or ".crt" => certificates.Of(bytes, sha256).Dump,
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

    private const string NotDecodableToken = "not a decodable RFC 3161 token (see the failing scenario)";
    private const string TstInfoOid = "1.2.840.113549.1.9.16.1.4";

    private static string DumpToken(byte[] der, CertificateDecodings certificates)
    {
        // The token's structure, decoded as it stands: a SignedData over a TSTInfo with one signer. Its signature, ESS
        // binding and TSU certificate are judged by the scenarios (their findings say what is wrong), not again here,
        // so a token whose signature fails is still shown field by field.
        var cms = new SignedCms();
        try
        {
            cms.Decode(der);
        }
        catch (CryptographicException)
        {
            return NotDecodableToken;
        }

        SignerInfoCollection signers = cms.SignerInfos;
        if (cms.ContentInfo.ContentType.Value != TstInfoOid || signers.Count != 1
            || !Rfc3161TimestampTokenInfo.TryDecode(cms.ContentInfo.Content, out Rfc3161TimestampTokenInfo? i, out _))
        {
            return NotDecodableToken;
        }

        var text = new StringBuilder();
        text.AppendLine($"TSTInfo version 1, policy {i.PolicyId.Value}");
        text.AppendLine($"serialNumber   {Convert.ToHexString(i.GetSerialNumber().ToArray().Reverse().ToArray())}");
        text.AppendLine($"genTime        {i.Timestamp.UtcDateTime:yyyy-MM-ddTHH:mm:ss.FFFFFFF}Z");
        text.AppendLine($"accuracy       {(i.AccuracyInMicroseconds is { } us ? $"{us} µs" : "absent")}");
        text.AppendLine($"messageImprint {i.HashAlgorithmId.FriendlyName ?? i.HashAlgorithmId.Value} {Convert.ToHexStringLower(i.GetMessageHash().Span)}");
        text.AppendLine($"nonce          {(i.GetNonce() is { } n ? Convert.ToHexString(n.ToArray().Reverse().ToArray()) : "absent")}");
        text.AppendLine($"ordering       {i.IsOrdering}");
        text.AppendLine($"tsa            {(i.GetTimestampAuthorityName() is { } tsa ? GeneralName(tsa) : "absent")}");
        // SignedCms decodes every certificate anew on each read of Certificates (and of a signer's Certificate): the
        // token's certificates are taken from its DER instead, each decoded once per listing.
        IReadOnlyList<CertificateDecodings.Decoded> embedded = certificates.Embedded(der)
            ?? [.. cms.Certificates.Select(c => new CertificateDecodings.Decoded(c, DumpCertificate(c)))];
        foreach (SignerInfo signer in signers)
        {
            X509Certificate2? signerCertificate = embedded.FirstOrDefault(c => signer.SignerIdentifier.MatchesCertificate(c.Certificate))?.Certificate;
            text.AppendLine($"signer         {signerCertificate?.Subject ?? IssuerSerial(signer)} digest {signer.DigestAlgorithm.FriendlyName ?? signer.DigestAlgorithm.Value}");
        }

        text.AppendLine($"certificates   {embedded.Count}");
        foreach (CertificateDecodings.Decoded certificate in embedded)
        {
            text.Append(certificate.Dump);
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
