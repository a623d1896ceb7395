using System.Security.Cryptography.X509Certificates;
using Conformance.Checks.Revocation;
using Conformance.TrustedLists.Authenticity;
using Conformance.Yaml;

namespace Conformance.Runner.Targets;

/// <summary>
/// What the target's certificates are judged against: trust-anchors:, revocation: (TSP-CERT-010) and the EU trusted
/// lists (trusted-lists:, lotl:, lotl-signers:, TSP-QTS-006). Paths must exist; the lists themselves are read and
/// checked once, when the run starts.
/// </summary>
internal static class TrustSectionReader
{
    public static (X509Certificate2Collection Anchors, List<string> Files) ReadAnchors(YamlFields root, TargetFileContext context)
    {
        var anchors = new X509Certificate2Collection();
        var files = new List<string>();
        foreach (YamlValue value in root.Values("trust-anchors"))
        {
            string file = context.Resolve(value.Text);
            files.Add(file);
            anchors.AddRange(context.Certificates(root, value, file, "trust anchor"));
        }

        return (anchors, files);
    }

    public static RevocationSettings ReadRevocation(YamlFields root, TargetFileContext context)
    {
        if (root.Mapping("revocation") is not { } revocation)
        {
            return RevocationSettings.Default;
        }

        List<string> crls = context.ExistingPaths(revocation, "crls", folders: false, noun: "CRL file");
        bool ocsp = true;
        if (revocation.Value("ocsp") is { } ocspValue)
        {
            switch (ocspValue.Text)
            {
                case "on" or "true":
                    break;
                case "off" or "false":
                    ocsp = false;
                    break;
                default:
                    revocation.Error(ocspValue.Line, $"revocation.ocsp must be on or off, not '{ocspValue.Text}'");
                    break;
            }
        }

        revocation.RejectUnknown("revocation");
        return new RevocationSettings { CrlFiles = crls, UseOcsp = ocsp };
    }

    public static TrustedListSources ReadTrustedLists(YamlFields root, TargetFileContext context)
    {
        string? lotl = null;
        if (root.Value("lotl") is { } lotlValue)
        {
            lotl = context.Resolve(lotlValue.Text);
            if (!File.Exists(lotl))
            {
                root.Error(lotlValue.Line, $"{lotl}: no such file (lotl)");
            }
        }

        return new TrustedListSources
        {
            Lists = context.ExistingPaths(root, "trusted-lists", folders: true),
            ListOfLists = lotl,
            ListOfListsSigners = context.ExistingPaths(root, "lotl-signers", folders: false),
        };
    }
}
