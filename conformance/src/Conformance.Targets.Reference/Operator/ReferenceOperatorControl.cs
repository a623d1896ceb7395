using System.Security.Cryptography.X509Certificates;
using Conformance.Checks.Operator;
using Conformance.Targets.Reference.Keys;
using ReferenceTsa.Certificates;
using ReferenceTsa.Configuration;
using ReferenceTsa.Hosting;

namespace Conformance.Targets.Reference.Operator;

/// <summary>
/// Operator control of the reference TSA (<c>--target reference</c>): every operation starts a separate throw-away
/// instance from the reference target's own data directory (same dev CA, same TSU keys), changed only as the scenario
/// asks: UTC sources served by loopback NTP servers under the suite's control, a TSU certificate whose key usage
/// period has ended or ends soon, a missing certificate, a mixed qualified/non-qualified configuration, or a child
/// process that can be killed. The instances are the real TSA; the control never bypasses its checks.
/// </summary>
public sealed class ReferenceOperatorControl(string templateDirectory) : ITsaOperatorControl
{
    /// <summary>
    /// True (the default): controlled-clock instances monitor the loopback sources. False starts them with
    /// Tsa:Clock:AllowUnmonitoredClock instead, a TSA that keeps issuing whatever its sources do; the suite's own tests
    /// use it to show that the TSP-REF-001 and -005 checks catch such a TSA.
    /// </summary>
    public bool MonitorClock { get; init; } = true;

    public string Description => "operator control of the reference TSA (throw-away instances)";

    public async Task<IOperatedTsa> StartAsync(OperatedTsaSetup setup, CancellationToken cancellationToken)
    {
        string directory = Directory.CreateTempSubdirectory("tsa-conformance-operated-").FullName;
        var sources = new List<LoopbackTimeSource>();
        try
        {
            foreach (string file in Directory.EnumerateFiles(templateDirectory))
            {
                string name = Path.GetFileName(file);
                if (!name.StartsWith("state.", StringComparison.Ordinal) && !name.StartsWith("evidence.", StringComparison.Ordinal))
                {
                    File.Copy(file, Path.Combine(directory, name));
                }
            }

            TsaOptions options = TsaConfigurationFile.Read(Path.Combine(directory, EmbeddedDefault.ConfigurationFileName));
            if (setup.ControlledTimeSources)
            {
                sources.Add(new LoopbackTimeSource());
                sources.Add(new LoopbackTimeSource());
                if (MonitorClock)
                {
                    // Short intervals keep each scenario to seconds; the gate logic is the deployed one.
                    options.Clock.Sources = [.. sources.Select(s => s.Address)];
                    options.Clock.AllowUnmonitoredClock = false;
                    options.Clock.MinimumSources = 2;
                    options.Clock.PollInterval = "200ms";
                    options.Clock.QueryTimeout = "150ms";
                    options.Clock.MaxSampleAge = "700ms";
                    options.Clock.ReopenAfterGoodPolls = 2;
                }
            }

            ApplyFault(setup, options, directory);
            ReferenceKeyStore.WriteConfiguration(options, directory);
            OperatedReferenceTsa instance = setup.Restartable
                ? await OperatedReferenceTsa.StartProcessAsync(directory, sources, cancellationToken)
                : await OperatedReferenceTsa.StartInProcessAsync(directory, sources, cancellationToken);
            return instance;
        }
        catch
        {
            foreach (LoopbackTimeSource source in sources)
            {
                await source.DisposeAsync();
            }

            OperatedReferenceTsa.TryDelete(directory);
            throw;
        }
    }

    private static void ApplyFault(OperatedTsaSetup setup, TsaOptions options, string directory)
    {
        string nonQualified = options.Endpoints.Values.First(e => !e.Qualified).Tsu!;
        string qualified = options.Endpoints.Values.First(e => e.Qualified).Tsu!;
        DateTimeOffset now = DateTimeOffset.UtcNow;
        switch (setup.Fault)
        {
            case TsuFault.KeyUsagePeriodEnded:
                // Issued 400 days ago with a year of key usage: the certificate is still valid, the key's usage is over.
                Reissue(options, directory, nonQualified, now.AddDays(-400), TimeSpan.FromDays(365), commonNameOf: null);
                break;
            case TsuFault.KeyUsageEndsDuringOperation:
                Reissue(options, directory, nonQualified, now.AddDays(-365) + setup.KeyUsageEndsAfter, TimeSpan.FromDays(365), commonNameOf: null);
                break;
            case TsuFault.CertificateMissing:
                File.Delete(Path.GetFullPath(options.Tsus[nonQualified].Certificate!, directory));
                break;
            case TsuFault.QualifiedTsuServesNonQualifiedEndpoint:
                options.Endpoints.Values.First(e => !e.Qualified).Tsu = qualified;
                break;
            case TsuFault.QualifiedAndNonQualifiedTsuShareSubjectName:
                Reissue(options, directory, qualified, now.AddMinutes(-1), TimeSpan.FromDays(365), commonNameOf: nonQualified);
                break;
        }
    }

    /// <summary>A new certificate for the same TSU key from the dev CA, dated as the fault needs.</summary>
    private static void Reissue(TsaOptions options, string directory, string tsu, DateTimeOffset issuedAt, TimeSpan keyUsage, string? commonNameOf)
    {
        string path = Path.GetFullPath(options.Tsus[tsu].Certificate!, directory);
        using X509Certificate2 current = X509CertificateLoader.LoadCertificateFromFile(path);
        string commonName = commonNameOf is null ? current.GetNameInfo(X509NameType.SimpleName, false)
            : X509CertificateLoader.LoadCertificateFromFile(Path.GetFullPath(options.Tsus[commonNameOf].Certificate!, directory)).GetNameInfo(X509NameType.SimpleName, false);
        using DevCertificateAuthority ca = DevCertificateAuthority.Load(Path.Combine(directory, EmbeddedDefault.RootCaFileName), Path.Combine(directory, "dev-root-ca.key.pem"));
        using X509Certificate2 reissued = ca.IssueTsuCertificate(current.PublicKey, commonName, issuedAt, TimeSpan.FromDays(3 * 365), keyUsage, current.NotAfter);
        File.WriteAllText(path, reissued.ExportCertificatePem());
    }
}
