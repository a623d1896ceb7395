namespace Conformance.Catalogue.Tests;

/// <summary>
/// A minimal valid spec/ in a temporary folder (one document, two profiles, one crypto policy) that a test
/// then breaks in one place. Error messages name files relative to the folder that holds spec/.
/// </summary>
internal sealed class TempSpec : IDisposable
{
    public TempSpec()
    {
        Root = Path.Combine(Path.GetTempPath(), "catalogue-test-" + Guid.NewGuid().ToString("N"));
        Spec = Path.Combine(Root, "spec");
        Directory.CreateDirectory(Path.Combine(Spec, "requirements"));
        Directory.CreateDirectory(Path.Combine(Spec, "profiles"));
        Directory.CreateDirectory(Path.Combine(Spec, "crypto"));
        Write("requirements/rfc3161.yaml", ValidRequirements);
        Write("profiles/rfc3161.yaml", """
            id: rfc3161
            title: RFC 3161 core
            parameters:
              accepted_hashes: [sha256]
              crypto_policy: test-policy
            """);
        Write("profiles/etsi.yaml", """
            id: etsi
            title: ETSI
            extends: rfc3161
            parameters:
              max_accuracy_seconds: 1
            """);
        Write("crypto/test-policy.yaml", """
            policy:
              id: test-policy
              title: Test policy
              document: ETSI TS 119 312
              version: V1.5.1
            algorithms:
              - type: hash
                name: sha256
                oids: [2.16.840.1.101.3.4.2.1]
            """);
    }

    public const string ValidRequirements = """
        document:
          key: RFC3161
          title: Time-Stamp Protocol
          version: RFC 3161 (2001-08)
        requirements:
          - id: TSP-TST-001
            source: { clause: "2.4.2" }
            title: TSTInfo version is 1
            statement: The token says it is version 1.
            level: MUST
            kind: automated
            profiles: [rfc3161]
          - id: TSP-TST-003
            source: { clause: "2.4.2" }
            title: Imprint echoed
            statement: The token repeats the request's imprint.
            level: MUST
            kind: automated
            profiles: [rfc3161]
        """;

    public string Root { get; }

    public string Spec { get; }

    public void Write(string relative, string content) => File.WriteAllText(Path.Combine(Spec, relative), content.Replace("\r\n", "\n"));

    public CatalogueLoadResult Load() => CatalogueLoader.Load(Spec);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // Temp folder clean-up is best effort.
        }
    }
}
