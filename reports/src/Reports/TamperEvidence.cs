using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace Reports;

/// <summary>
/// Seals an output folder: REPORT-MANIFEST.sha256 (sha256sum format) lists report.json, the renderings and every file
/// under evidence/; an RFC 3161 token over the manifest's bytes is stored beside it as REPORT-MANIFEST.sha256.tst.
/// <see cref="Verify"/> recomputes every digest, finds files added to evidence/ since, and checks the token: its imprint
/// and signature, the TSU certificate's id-kp-timeStamping EKU and validity at genTime, and, given trust anchors, the
/// certificate chain from the TSU certificate to one of them as it stood at genTime.
/// </summary>
public static class TamperEvidence
{
    public const string ManifestName = "REPORT-MANIFEST.sha256";
    public const string TokenName = ManifestName + ".tst";

    /// <param name="prehashed">A file of the folder hashed ahead (report.json, while the renderings are written); its hash is
    /// used only if the file still has the size and modification time it had when the hashing began.</param>
    public static string WriteManifest(string directory, PrehashedFile? prehashed = null)
    {
        var lines = new StringBuilder();
        foreach (string file in Sealable(directory))
        {
            string full = Path.Combine(directory, file);
            string hash = prehashed is not null && prehashed.Name == file && prehashed.StillHolds(full) ? prehashed.Sha256 : HashFile(full);
            lines.Append(hash).Append("  ").Append(file).Append('\n');
        }

        string path = Path.Combine(directory, ManifestName);
        File.WriteAllText(path, lines.ToString(), new UTF8Encoding(false));
        File.Delete(Path.Combine(directory, TokenName)); // a token over an older manifest would only mislead
        return path;
    }

    public static Task<Rfc3161TimestampToken> StampAsync(string directory, Uri url, CancellationToken cancellationToken = default) =>
        StampAsync(directory, url, null, cancellationToken);

    public static async Task<Rfc3161TimestampToken> StampAsync(string directory, Uri url, HttpClient? http, CancellationToken cancellationToken = default)
    {
        byte[] manifest = await File.ReadAllBytesAsync(Path.Combine(directory, ManifestName), cancellationToken);
        Rfc3161TimestampToken token = await Rfc3161Client.StampAsync(manifest, url, http, cancellationToken);
        await File.WriteAllBytesAsync(Path.Combine(directory, TokenName), token.AsSignedCms().Encode(), cancellationToken);
        return token;
    }

    /// <summary>report.json, the renderings, and evidence/*: every file of the folder except the seal itself.</summary>
    private static IEnumerable<string> Sealable(string directory) =>
        Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(directory, f).Replace('\\', '/'))
            .Where(f => f is not ManifestName and not TokenName)
            .Order(StringComparer.Ordinal);

    /// <param name="trustAnchors">Certificates the TSU chain must lead to; null or empty: the chain is not validated (and a note says so).</param>
    public static SealVerification Verify(string directory, IReadOnlyCollection<X509Certificate2>? trustAnchors = null)
    {
        var problems = new List<string>();
        var notes = new List<string>();
        string manifestPath = Path.Combine(directory, ManifestName);
        if (!File.Exists(manifestPath))
        {
            return new SealVerification([$"{manifestPath}: no manifest; this folder was not sealed"], notes, 0, null);
        }

        byte[] manifest = File.ReadAllBytes(manifestPath);
        var listed = new HashSet<string>(StringComparer.Ordinal);
        int lineNumber = 0, checkedFiles = 0;
        foreach (string line in Encoding.UTF8.GetString(manifest).Split('\n'))
        {
            lineNumber++;
            if (line.Length == 0)
            {
                continue;
            }

            if (line.Length < 67 || line[64] != ' ' || line[65] != ' ' || !line[..64].All(Uri.IsHexDigit))
            {
                problems.Add($"{manifestPath}:{lineNumber}: not a 'sha256  file' line");
                continue;
            }

            string name = line[66..];
            listed.Add(name);
            string file = Path.Combine(directory, name);
            if (name.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(name))
            {
                problems.Add($"{manifestPath}:{lineNumber}: {name}: path leaves the report folder");
            }
            else if (!File.Exists(file))
            {
                problems.Add($"{name}: listed in the manifest (line {lineNumber}) but missing");
            }
            else
            {
                checkedFiles++;
                string actual = HashFile(file);
                if (!string.Equals(actual, line[..64], StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"{name}: SHA-256 is {actual}, the manifest (line {lineNumber}) says {line[..64]}: the file changed after sealing");
                }
            }
        }

        foreach (string extra in Sealable(directory).Where(f => !listed.Contains(f)))
        {
            problems.Add($"{extra}: not in the manifest (added after sealing)");
        }

        TokenCheck? token = VerifyToken(directory, manifest, trustAnchors, problems, notes);
        if (token is not null)
        {
            notes.Insert(0, $"time-stamped {token.GenTime.UtcDateTime:yyyy-MM-ddTHH:mm:ss.FFFFFFF}Z by {token.Signer} (policy {token.Policy}, serial {token.Serial})");
        }

        return new SealVerification(problems, notes, checkedFiles, token);
    }

    private static TokenCheck? VerifyToken(string directory, byte[] manifest, IReadOnlyCollection<X509Certificate2>? anchors, List<string> problems, List<string> notes)
    {
        string tokenPath = Path.Combine(directory, TokenName);
        if (!File.Exists(tokenPath))
        {
            problems.Add($"{TokenName}: missing: the manifest is not time-stamped, so nothing proves when it was sealed");
            return null;
        }

        byte[] tokenBytes = File.ReadAllBytes(tokenPath);
        if (!Rfc3161TimestampToken.TryDecode(tokenBytes, out Rfc3161TimestampToken? token, out _))
        {
            problems.Add($"{TokenName}: not a decodable RFC 3161 time-stamp token{WhyUndecodable(tokenBytes)}");
            return null;
        }

        // Imprint over the manifest's bytes, and the CMS signature with the certificate the token carries (ESSCertIDv2 bound).
        if (!token.VerifySignatureForData(manifest, out X509Certificate2? signer))
        {
            problems.Add(token.TokenInfo.GetMessageHash().Span.SequenceEqual(SHA256.HashData(manifest))
                ? $"{TokenName}: the token's signature does not verify"
                : $"{TokenName}: the token's imprint does not match {ManifestName}: the manifest changed after it was time-stamped");
            return null;
        }

        bool timeStamping = signer!.Extensions.OfType<X509EnhancedKeyUsageExtension>()
            .Any(e => e.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Any(o => o.Value == "1.3.6.1.5.5.7.3.8"));
        if (!timeStamping)
        {
            problems.Add($"{TokenName}: the signer {signer.Subject} has no id-kp-timeStamping extended key usage (RFC 3161 §2.3)");
        }

        Rfc3161TimestampTokenInfo info = token.TokenInfo;
        if (info.Timestamp < signer.NotBefore || info.Timestamp > signer.NotAfter)
        {
            problems.Add($"{TokenName}: genTime {info.Timestamp.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z is outside the TSU certificate's validity "
                + $"({signer.NotBefore.ToUniversalTime():yyyy-MM-ddTHH:mm:ss}Z to {signer.NotAfter.ToUniversalTime():yyyy-MM-ddTHH:mm:ss}Z)");
        }

        if (anchors is null || anchors.Count == 0)
        {
            notes.Add("the TSU certificate's chain was NOT validated: no --trust-anchor given; compare the signer with the TSA you trust");
        }
        else
        {
            ValidateChain(signer, token.AsSignedCms().Certificates, anchors, info.Timestamp, problems, notes);
        }

        return new TokenCheck(info.Timestamp, signer.Subject, info.PolicyId.Value ?? "", Convert.ToHexString(info.GetSerialNumber().ToArray().Reverse().ToArray()));
    }

    /// <summary>
    /// .NET refuses to decode a token whose signer certificate was not valid at genTime; say so rather than only "undecodable".
    /// </summary>
    private static string WhyUndecodable(byte[] tokenBytes)
    {
        try
        {
            var cms = new SignedCms();
            cms.Decode(tokenBytes);
            if (!Rfc3161TimestampTokenInfo.TryDecode(cms.ContentInfo.Content, out Rfc3161TimestampTokenInfo? info, out _))
            {
                return ": its content is not a TSTInfo";
            }

            X509Certificate2? signer = cms.SignerInfos.Count > 0 ? cms.SignerInfos[0].Certificate : null;
            if (signer is not null && (info.Timestamp < signer.NotBefore || info.Timestamp > signer.NotAfter))
            {
                return $": genTime {info.Timestamp.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z is outside the TSU certificate's validity "
                    + $"({signer.NotBefore.ToUniversalTime():yyyy-MM-ddTHH:mm:ss}Z to {signer.NotAfter.ToUniversalTime():yyyy-MM-ddTHH:mm:ss}Z)";
            }

            return signer is null ? ": it carries no TSU certificate" : "";
        }
        catch (CryptographicException e)
        {
            return $": {e.Message}";
        }
    }

    /// <summary>
    /// Builds the path from the TSU certificate to one of <paramref name="anchors"/> (the only roots trusted; the token's
    /// own certificates serve as intermediates), evaluated at genTime. Revocation is not checked: the verifying machine
    /// may be offline, and the note says so.
    /// </summary>
    private static void ValidateChain(X509Certificate2 signer, X509Certificate2Collection carried, IReadOnlyCollection<X509Certificate2> anchors,
        DateTimeOffset genTime, List<string> problems, List<string> notes)
    {
        using X509Chain chain = AnchoredChain.Build(signer, anchors, carried, genTime, out bool built);
        X509Certificate2 top = chain.ChainElements[^1].Certificate;
        if (!built)
        {
            string statuses = string.Join("; ", chain.ChainElements.Cast<X509ChainElement>()
                .SelectMany(e => e.ChainElementStatus.Select(st => $"{e.Certificate.Subject}: {st.StatusInformation.Trim()} ({st.Status})"))
                .DefaultIfEmpty(string.Join("; ", chain.ChainStatus.Select(st => $"{st.StatusInformation.Trim()} ({st.Status})"))));
            problems.Add($"{TokenName}: the TSU certificate {signer.Subject} does not chain to the given trust anchor(s) at genTime: {statuses}");
            return;
        }

        notes.Add($"the TSU certificate chains to the trust anchor {top.Subject} (SHA-256 {top.GetCertHashString(HashAlgorithmName.SHA256)}), "
            + $"valid at genTime; {chain.ChainElements.Count} certificate(s); revocation not checked");
    }

    /// <summary>SHA-256 of a file read as a stream: report.json of a large inspection is hundreds of megabytes.</summary>
    /// <summary>A file's SHA-256 made ahead of sealing, with the size and modification time the file had when hashing began.</summary>
    public sealed record PrehashedFile(string Name, string Sha256, long Length, DateTime LastWriteUtc)
    {
        /// <summary>Hashes <paramref name="name"/> (relative to the folder, as the manifest names it); null when it cannot be read.</summary>
        public static PrehashedFile? Of(string directory, string name)
        {
            try
            {
                var before = new FileInfo(Path.Combine(directory, name));
                (long length, DateTime written) = (before.Length, before.LastWriteTimeUtc); // read before the hashing begins
                return new PrehashedFile(name.Replace('\\', '/'), HashFile(before.FullName), length, written);
            }
            catch (IOException)
            {
                return null;
            }
        }

        /// <summary>The file was not written since the hashing began (a rendering failure recorded in report.json changes both).</summary>
        public bool StillHolds(string path)
        {
            var now = new FileInfo(path);
            return now.Exists && now.Length == Length && now.LastWriteTimeUtc == LastWriteUtc;
        }
    }

    private static string HashFile(string path)
    {
        using FileStream stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}

public sealed record TokenCheck(DateTimeOffset GenTime, string Signer, string Policy, string Serial);

public sealed record SealVerification(IReadOnlyList<string> Problems, IReadOnlyList<string> Notes, int FilesChecked, TokenCheck? Token)
{
    public bool Passed => Problems.Count == 0;
}
