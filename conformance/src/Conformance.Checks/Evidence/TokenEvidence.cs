using Conformance.Checks.Protocol;

namespace Conformance.Checks.Evidence;

/// <summary>Saves a token and the certificates it carries (up to <see cref="EvidenceCaps.MaxCertificatesPerToken"/>) as separate evidence files.</summary>
public static class TokenEvidence
{
    public static IReadOnlyList<string> Save(IEvidenceSink evidence, string label, ReadOnlyMemory<byte>? tokenBytes, TimeStampToken? token)
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
                files.Add(evidence.Save($"{label}-certificate-{i + 1}", "cer", token.Certificates[i].Span));
            }

            if (token.Certificates.Count > cap)
            {
                evidence.CapReached($"certificates per token ({cap})", $"{label}: {token.Certificates.Count} certificates in the token, the first {cap} stored");
            }
        }

        return files;
    }
}
