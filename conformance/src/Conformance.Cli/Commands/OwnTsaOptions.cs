using System.CommandLine;
using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Conformance.Checks.Disclosure;
using Conformance.Checks.Time;
using Conformance.Steps.Context;

namespace Conformance.Cli.Commands;

/// <summary>
/// Options of <c>run</c> for a QTSP's own service: the common target-file settings as flags (trust anchors, CRLs,
/// declared accuracy, disclosure extract), the request rate, and the pre-flight. Command-line values add to (anchors,
/// CRLs) or replace (accuracy, disclosure, rate) the target file's.
/// </summary>
internal sealed class OwnTsaOptions
{
    /// <summary>Requests per second when neither --rate-limit nor the target file's rate-limit says otherwise.</summary>
    public const double DefaultRequestsPerSecond = 5;

    public Option<string[]> TrustAnchors { get; } = new("--trust-anchor")
    {
        Description = "CA certificate (PEM or DER) the TSU certificates must chain to (repeatable; adds to the target file's trust-anchors)",
    };

    public Option<string[]> Crls { get; } = new("--crl")
    {
        Description = "CRL file (PEM or DER) used for TSP-CERT-010 instead of downloading the distribution point (repeatable)",
    };

    public Option<string?> Accuracy { get; } = new("--accuracy")
    {
        Description = "Declared accuracy of the service (e.g. 1s, 500ms), as in its disclosure statement",
    };

    public Option<string?> Disclosure { get; } = new("--disclosure")
    {
        Description = "Disclosure statement extract (YAML, spec/examples/disclosure.example.yaml) for TSP-SVC-001",
    };

    public Option<string?> RateLimit { get; } = new("--rate-limit")
    {
        Description = $"Requests per second across the run (default {DefaultRequestsPerSecond.ToString(CultureInfo.InvariantCulture)}, or the target file's rate-limit; 'off' for no limit)",
    };

    public Option<bool> NoPreflight { get; } = new("--no-preflight")
    {
        Description = "Run the scenarios even when the pre-flight request gets no TimeStampResp (every scenario then ends in error)",
    };

    public void AddTo(Command command)
    {
        command.Options.Add(TrustAnchors);
        command.Options.Add(Crls);
        command.Options.Add(Accuracy);
        command.Options.Add(Disclosure);
        command.Options.Add(RateLimit);
        command.Options.Add(NoPreflight);
    }

    /// <summary>Applies the flags; false with one message per bad value (exit 64).</summary>
    /// <param name="ownInstance">The reference TSA started for this run: no default rate limit (it serves nobody else).</param>
    public bool TryApply(ParseResult parse, TargetDefinition target, bool ownInstance, TextWriter error, out TargetDefinition applied)
    {
        // Every flag is read, so that one run names every bad value at once.
        bool ok = TryAnchors(parse, target, error, out X509Certificate2Collection anchors, out List<string> anchorFiles);
        ok &= TryCrls(parse, target, error, out List<string> crls);
        ok &= TryAccuracy(parse, target, error, out TimeSpan? accuracy);
        ok &= TryDisclosure(parse, target, error, out DisclosureStatement? disclosure);
        ok &= TryRate(parse, target, ownInstance, error, out double? rate);
        applied = !ok ? target : target with
        {
            TrustAnchors = anchors,
            TrustAnchorFiles = anchorFiles,
            Revocation = target.Revocation with { CrlFiles = crls },
            Accuracy = accuracy,
            Disclosure = disclosure,
            Http = target.Http with { MaxRequestsPerSecond = rate },
        };
        return ok;
    }

    /// <summary>The target's trust anchors and those of --trust-anchor (PEM or DER), with the files they came from.</summary>
    private bool TryAnchors(ParseResult parse, TargetDefinition target, TextWriter error, out X509Certificate2Collection anchors, out List<string> anchorFiles)
    {
        bool ok = true;
        anchors = new X509Certificate2Collection(target.TrustAnchors);
        anchorFiles = new List<string>(target.TrustAnchorFiles);
        foreach (string file in parse.GetValue(TrustAnchors) ?? [])
        {
            string path = Path.GetFullPath(file);
            try
            {
                var loaded = new X509Certificate2Collection();
                if (File.ReadAllText(path).Contains("-----BEGIN CERTIFICATE-----", StringComparison.Ordinal))
                {
                    loaded.ImportFromPemFile(path);
                }
                else
                {
                    loaded.Add(X509CertificateLoader.LoadCertificateFromFile(path));
                }

                if (loaded.Count == 0)
                {
                    error.WriteLine($"--trust-anchor {file}: no certificate in the file");
                    ok = false;
                }

                anchors.AddRange(loaded);
                anchorFiles.Add(path);
            }
            catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
            {
                error.WriteLine($"--trust-anchor {file}: cannot load a certificate: {e.Message}");
                ok = false;
            }
        }

        return ok;
    }

    private bool TryCrls(ParseResult parse, TargetDefinition target, TextWriter error, out List<string> crls)
    {
        bool ok = true;
        crls = new List<string>(target.Revocation.CrlFiles);
        foreach (string file in parse.GetValue(Crls) ?? [])
        {
            if (File.Exists(file))
            {
                crls.Add(Path.GetFullPath(file));
            }
            else
            {
                error.WriteLine($"--crl {file}: no such file");
                ok = false;
            }
        }

        return ok;
    }

    private bool TryAccuracy(ParseResult parse, TargetDefinition target, TextWriter error, out TimeSpan? accuracy)
    {
        accuracy = target.Accuracy;
        if (parse.GetValue(Accuracy) is not { } accuracyText)
        {
            return true;
        }

        if (Conformance.Yaml.Duration.TryParse(accuracyText, out TimeSpan parsed) && parsed > TimeSpan.Zero)
        {
            accuracy = parsed;
            return true;
        }

        error.WriteLine($"--accuracy is a positive duration such as 1s or 500ms, not '{accuracyText}'");
        return false;
    }

    private bool TryDisclosure(ParseResult parse, TargetDefinition target, TextWriter error, out DisclosureStatement? disclosure)
    {
        disclosure = target.Disclosure;
        if (parse.GetValue(Disclosure) is not { } disclosureFile)
        {
            return true;
        }

        try
        {
            disclosure = DisclosureStatementReader.Load(Path.GetFullPath(disclosureFile));
            return true;
        }
        catch (DisclosureStatementException e)
        {
            foreach (string problem in e.Problems)
            {
                error.WriteLine($"--disclosure: {problem}");
            }

            return false;
        }
    }

    private bool TryRate(ParseResult parse, TargetDefinition target, bool ownInstance, TextWriter error, out double? rate)
    {
        rate = target.Http.MaxRequestsPerSecond ?? (ownInstance ? null : DefaultRequestsPerSecond);
        if (parse.GetValue(RateLimit) is not { } rateText)
        {
            return true;
        }

        if (rateText is "off" or "none" or "0")
        {
            rate = null;
            return true;
        }

        if (double.TryParse(rateText, NumberStyles.Float, CultureInfo.InvariantCulture, out double perSecond) && perSecond > 0 && double.IsFinite(perSecond))
        {
            rate = perSecond;
            return true;
        }

        error.WriteLine($"--rate-limit is a positive number of requests per second or 'off', not '{rateText}'");
        return false;
    }
}
