using ReferenceTsa.Configuration;
using ReferenceTsa.Defects;
using ReferenceTsa.Hosting;
using ReferenceTsa.TrustedList;

namespace Conformance.Targets.Reference.Deployment;

/// <summary>
/// What an auditor is given about a served reference TSA deployed from a `dev init` folder (the multi-node tests run the
/// TSA as separate `serve` processes and judge it through a target file): the disclosure extract, the declared policy
/// OIDs, and a development EU trusted list granting the qualified TSU, with its list of lists and signer.
/// </summary>
/// <param name="Disclosure">disclosure.yaml generated from the deployment's configuration.</param>
/// <param name="PolicyOids">Each endpoint's default policy and the policies it accepts, without repeats.</param>
/// <param name="TrustedList">The development trusted list (TS 119 612) granting the qualified TSU.</param>
/// <param name="ListOfLists">The list of lists pointing at it.</param>
/// <param name="ListOfListsSigner">The certificate (PEM) the list of lists is signed with, to pin.</param>
public sealed record ReferenceAuditorFiles(string Disclosure, IReadOnlyList<string> PolicyOids, string TrustedList, string ListOfLists, string ListOfListsSigner);

/// <summary>The files of a `dev init` folder, and the auditor's view of a deployment made from one.</summary>
public static class ReferenceDeployment
{
    public const string ConfigurationFileName = EmbeddedDefault.ConfigurationFileName;
    public const string RootCaFileName = EmbeddedDefault.RootCaFileName;
    public const string RootCaCrlFileName = EmbeddedDefault.RootCaCrlFileName;
    public const string TlsCertificateFileName = EmbeddedDefault.TlsCertificateFileName;
    public const string TlsKeyFileName = EmbeddedDefault.TlsKeyFileName;

    /// <summary>
    /// Loads <paramref name="dataDirectory"/>'s tsa.json as the TSA does at start-up and writes the auditor's files into
    /// <paramref name="outputDirectory"/> (the trusted lists in its trusted/ folder).
    /// </summary>
    public static ReferenceAuditorFiles WriteAuditorFiles(string dataDirectory, string outputDirectory)
    {
        string configuration = Path.Combine(dataDirectory, ConfigurationFileName);
        TsaOptions options = TsaConfigurationFile.Read(configuration);
        string disclosure = Path.Combine(outputDirectory, "disclosure.yaml");
        string trusted = Directory.CreateDirectory(Path.Combine(outputDirectory, "trusted")).FullName;
        using TimeStampingService service = TimeStampingServiceLoader.Load(options, dataDirectory, DateTimeOffset.UtcNow, configuration);
        File.WriteAllText(disclosure, EmbeddedDisclosureStatement.Render(service));
        IReadOnlyList<string> policies = [.. service.Endpoints.SelectMany(e => e.AcceptedPolicyOids.Prepend(e.DefaultPolicyOid)).Distinct()];
        DevTrustedList.Write(trusted, service.Endpoints.First(e => e.Qualified).Tsu.Certificate, ActiveDefects.None, DateTimeOffset.UtcNow);
        return new ReferenceAuditorFiles(disclosure, policies,
            Path.Combine(trusted, DevTrustedList.ListFileName),
            Path.Combine(trusted, DevTrustedList.ListOfListsFileName),
            Path.Combine(trusted, DevTrustedList.ListOfListsSignerFileName));
    }
}
