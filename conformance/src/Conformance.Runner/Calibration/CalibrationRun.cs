using Conformance.Catalogue;
using Conformance.Checks.Protocol;
using Conformance.Checks.Requirements;
using Conformance.Runner.Grading;
using Conformance.Runner.Results;
using Conformance.Runner.Selection;

namespace Conformance.Runner.Calibration;

/// <summary>One real token of the calibration corpus, what its TSU certificate says about the issuer, and its results.</summary>
/// <param name="Country">The TSU certificate subject's countryName; null when the token carries no certificate or no C.</param>
/// <param name="EuOrEea">The TSU subject's country is an EU or EEA member state: the set that holds the EU-qualified services.</param>
public sealed record CalibratedToken(string File, string Subject, string? Country, bool EuOrEea, bool DeclaresQualified, string GenTime, InputResult Result);

/// <summary>
/// Calibration of the checks against real tokens: every stored token of a folder is inspected under a profile, with the
/// catalogue's levels and confidences, and the results are kept with what the token says about its issuer.
/// </summary>
public static class CalibrationRun
{
    /// <summary>EU member states (ISO 3166-1, as countryName carries them) and the EEA states that apply eIDAS.</summary>
    private static readonly HashSet<string> EuAndEea = new(StringComparer.Ordinal)
    {
        "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU", "MT", "NL",
        "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
    };

    /// <summary>The token files of a folder (.tst and .tsr), in ordinal name order.</summary>
    public static IReadOnlyList<string> TokenFiles(string directory) =>
        [.. Directory.EnumerateFiles(directory).Where(f => f.EndsWith(".tst", StringComparison.Ordinal) || f.EndsWith(".tsr", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)];

    public static async Task<IReadOnlyList<CalibratedToken>> RunAsync(
        string tokensDirectory, Catalogue.Catalogue catalogue, string specDirectory, string profile, string outputDirectory, CancellationToken cancellationToken = default)
    {
        IReadOnlyList<string> files = TokenFiles(tokensDirectory);
        var options = new RunOptions
        {
            FeaturesDirectory = Path.Combine(specDirectory, "features"),
            OutputDirectory = outputDirectory,
            Selection = ProfileSelection.Apply(new ScenarioSelection(), catalogue, profile),
            Weights = RequirementWeights.From(catalogue, catalogue.Resolve(profile).Qualified),
        };
        RunReport report = await ConformanceRunner.InspectAsync(files, options, cancellationToken).ConfigureAwait(false);
        return [.. files.Zip(report.Inputs, (file, input) => Describe(file, input))];
    }

    private static CalibratedToken Describe(string file, InputResult input)
    {
        StoredToken stored = StoredToken.Read(file);
        TimeStampToken? token = stored.Token;
        var certificate = token?.FindSignerCertificate();
        string? country = certificate is null ? null
            : SubjectName.Attributes(certificate.SubjectName).Where(a => a.Oid == Oids.CountryName).Select(a => a.Value).FirstOrDefault();
        return new CalibratedToken(
            Path.GetFileName(file),
            certificate?.Subject ?? "(no certificate in the token)",
            country,
            country is not null && EuAndEea.Contains(country),
            token is not null && QualifiedRequirements.DeclaresQualified(token),
            token?.TstInfo?.GenTimeText ?? "?",
            input);
    }
}
