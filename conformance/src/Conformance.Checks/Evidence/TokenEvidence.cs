using Conformance.Checks.Protocol;

namespace Conformance.Checks.Evidence;

/// <summary>Saves a token and the certificates it carries as separate evidence files.</summary>
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
            for (int i = 0; i < token.Certificates.Count; i++)
            {
                files.Add(evidence.Save($"{label}-certificate-{i + 1}", "cer", token.Certificates[i].Span));
            }
        }

        return files;
    }
}
