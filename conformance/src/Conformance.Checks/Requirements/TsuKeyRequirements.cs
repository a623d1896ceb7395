using System.Security.Cryptography.X509Certificates;
using Conformance.Checks.Outcomes;

namespace Conformance.Checks.Requirements;

/// <summary>
/// TSP-CERT-015, the observable side of EN 319 421 TIS-7.6.2-08 (a TSU has one signing key in use at a time). Tokens
/// signed under one TSU subject name may move to a new key once (a key rollover); going back to a key seen before
/// means two keys are in use side by side.
/// </summary>
public static class TsuKeyRequirements
{
    private const string Id = "TSP-CERT-015";

    /// <summary>One sampled token: when it was received, from where, and the certificate of its signer.</summary>
    public sealed record SignedSample(DateTimeOffset ReceivedAt, string Label, X509Certificate2 Signer);

    public static void OneActiveKeyPerTsu(IReadOnlyCollection<SignedSample> samples)
    {
        if (samples.Count < 2)
        {
            throw new TargetErrorException($"only {samples.Count} token(s) with a signer certificate were sampled; at least two are needed to compare keys");
        }

        foreach (var tsu in samples.GroupBy(s => s.Signer.SubjectName.Name, StringComparer.Ordinal))
        {
            var ordered = tsu.OrderBy(s => s.ReceivedAt).ToList();
            var retired = new HashSet<string>(StringComparer.Ordinal);
            string current = KeyOf(ordered[0].Signer);
            SignedSample currentSince = ordered[0];
            foreach (SignedSample sample in ordered.Skip(1))
            {
                string key = KeyOf(sample.Signer);
                if (key == current)
                {
                    continue;
                }

                if (retired.Contains(key))
                {
                    throw new RequirementNotMetException(Id, $"tokens of TSU '{tsu.Key}' alternate between signing keys",
                        "one key at a time (a rollover moves to a new key and does not come back)",
                        $"key {Short(key)} again at {sample.ReceivedAt:O} ({sample.Label}) after key {Short(current)} from {currentSince.ReceivedAt:O} ({currentSince.Label})");
                }

                retired.Add(current);
                current = key;
                currentSince = sample;
            }
        }
    }

    /// <summary>The SHA-256 of the subjectPublicKeyInfo: two certificates for one key give the same value.</summary>
    public static string KeyOf(X509Certificate2 certificate) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(certificate.PublicKey.ExportSubjectPublicKeyInfo()));

    private static string Short(string key) => key[..16];
}
