using Conformance.Checks.Protocol;

namespace Conformance.Checks.Evidence;

/// <summary>Saves a token and the certificates it carries (up to <see cref="EvidenceCaps.MaxCertificatesPerToken"/>) as separate evidence files.</summary>
public static class TokenEvidence
{
    /// <param name="shareCertificates">
    /// Store each distinct certificate once per run, named by its SHA-256 ("certificate-" and the first 16 hex digits),
    /// and list that file for every token carrying it: for inspect, where one TSU certificate comes with thousands of
    /// stored tokens. Otherwise each token's certificates are stored under the token's label.
    /// </param>
    public static IReadOnlyList<string> Save(IEvidenceSink evidence, string label, ReadOnlyMemory<byte>? tokenBytes, TimeStampToken? token, bool shareCertificates = false)
    {
        var files = new List<string>();
        if (tokenBytes is { IsEmpty: false } bytes)
        {
            files.Add(evidence.Save(label + "-token", "tst", bytes.Span));
        }

        if (token is not null)
        {
            int cap = evidence.Caps.MaxCertificatesPerToken;
            for (int i = 0; i < Math.Min(cap, token.Certificates.Count); i++)
            {
                ReadOnlySpan<byte> certificate = token.Certificates[i].Span;
                files.Add(shareCertificates
                    ? evidence.SaveShared("certificate", "cer", certificate)
                    : evidence.Save($"{label}-certificate-{i + 1}", "cer", certificate));
            }

            if (token.Certificates.Count > cap)
            {
                evidence.CapReached($"certificates per token ({cap})", $"{label}: {token.Certificates.Count} certificates in the token, the first {cap} stored");
            }
        }

        return files;
    }
}
