using Conformance.Catalogue.Loading;
using Conformance.Yaml;

namespace Conformance.Catalogue;

/// <summary>
/// Loads spec/ (requirements, profiles, crypto policies, seed mapping) and validates it: unknown or
/// misspelt keys, duplicate IDs, dangling references, bad dates and YAML syntax errors all come back as
/// <c>file:line: message</c> diagnostics. Nothing is thrown for bad content; every problem is reported at once.
/// One reader per file kind (Loading/*Reader.cs) over the shared strict YAML reader, then <see cref="CatalogueValidator"/>
/// for the checks across files.
/// </summary>
public static class CatalogueLoader
{
    public const string SeedMappingFileName = "seed-mapping.yaml";

    /// <summary>
    /// The catalogue of <paramref name="specDirectory"/>. A process loads it several times (the CLI's profile selection,
    /// the grading weights, the crypto policies of the steps, the report), so a load is kept and given again while no
    /// YAML file of the folder has changed (same names and contents); the result is immutable.
    /// </summary>
    public static CatalogueLoadResult Load(string specDirectory)
    {
        string root = Path.GetFullPath(specDirectory);
        string fingerprint = Fingerprint(root);
        if (Loaded.TryGetValue(root, out (string Fingerprint, CatalogueLoadResult Result) kept) && kept.Fingerprint == fingerprint)
        {
            return kept.Result;
        }

        CatalogueLoadResult result = LoadFiles(root);
        Loaded[root] = (fingerprint, result);
        return result;
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (string Fingerprint, CatalogueLoadResult Result)> Loaded =
        new(StringComparer.Ordinal);

    /// <summary>The names and SHA-256 of every YAML file below the spec folder (reading them costs a millisecond; parsing, hundreds).</summary>
    private static string Fingerprint(string root)
    {
        if (!Directory.Exists(root))
        {
            return "";
        }

        using var hash = System.Security.Cryptography.IncrementalHash.CreateHash(System.Security.Cryptography.HashAlgorithmName.SHA256);
        foreach (string file in Directory.EnumerateFiles(root, "*.y*ml", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(file + "\n"));
            try
            {
                hash.AppendData(File.ReadAllBytes(file));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // An unreadable file is the loader's to report; it never matches a kept load.
                hash.AppendData(System.Text.Encoding.UTF8.GetBytes("unreadable " + Guid.NewGuid()));
            }
        }

        return Convert.ToHexString(hash.GetHashAndReset());
    }

    private static CatalogueLoadResult LoadFiles(string root)
    {
        var displayBase = Directory.GetParent(root)?.FullName ?? root;
        string Display(string path) => Path.GetRelativePath(displayBase, path).Replace('\\', '/');

        var diagnostics = new List<CatalogueDiagnostic>();
        var problems = new List<YamlProblem>();
        var documents = new List<SourceDocument>();
        var requirements = new List<Requirement>();
        var requirementsDir = Path.Combine(root, "requirements");
        if (!Directory.Exists(requirementsDir))
        {
            diagnostics.Add(new CatalogueDiagnostic(Display(root), 0, "no requirements/ folder: is this the spec directory?"));
        }
        else
        {
            foreach (var file in YamlFiles(requirementsDir))
            {
                RequirementsFileReader.Read(file, Display(file), problems, documents, requirements);
            }
        }

        List<Profile> profiles = [.. YamlFiles(Path.Combine(root, "profiles")).Select(f => ProfileReader.Read(f, Display(f), problems)).OfType<Profile>()];
        List<CryptoPolicy> crypto = [.. YamlFiles(Path.Combine(root, "crypto")).Select(f => CryptoPolicyReader.Read(f, Display(f), problems)).OfType<CryptoPolicy>()];
        var seedPath = Path.Combine(root, SeedMappingFileName);
        SeedMapping? seed = File.Exists(seedPath) ? SeedMappingReader.Read(seedPath, Display(seedPath), problems) : null;

        diagnostics.AddRange(problems.Select(p => new CatalogueDiagnostic(p.File, p.Line, p.Message)));
        diagnostics.AddRange(new CatalogueValidator(documents, requirements, profiles, crypto, seed).Validate());
        var catalogue = new Catalogue(root, documents, requirements, profiles, crypto, seed);
        return new CatalogueLoadResult(catalogue, diagnostics);
    }

    private static IEnumerable<string> YamlFiles(string dir) =>
        !Directory.Exists(dir) ? []
        : Directory.EnumerateFiles(dir, "*.yaml").Concat(Directory.EnumerateFiles(dir, "*.yml")).Order(StringComparer.Ordinal);
}
