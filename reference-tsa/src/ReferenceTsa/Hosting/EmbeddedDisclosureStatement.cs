using System.Globalization;
using System.Text;
using ReferenceTsa.Configuration;

namespace ReferenceTsa.Hosting;

/// <summary>
/// The machine-readable extract of the reference TSA's disclosure statement (EN 319 421 §5.2, §6.2): every policy an
/// endpoint issues under, with the imprint hashes it accepts and its accuracy, in the YAML format the conformance
/// suite reads (spec/examples/disclosure.example.yaml). Generated from the running configuration, so it cannot drift.
/// </summary>
public static class EmbeddedDisclosureStatement
{
    public static string Render(TimeStampingService service)
    {
        var text = new StringBuilder();
        text.Append("# Disclosure statement extract of the reference TSA (generated from its configuration at start).\n");
        text.Append("tsa: Reference TSA (embedded default)\n");
        text.Append("policies:\n");
        var written = new HashSet<string>(StringComparer.Ordinal);
        foreach (var endpoint in service.Endpoints)
        {
            foreach (string oid in endpoint.AcceptedPolicyOids.Prepend(endpoint.DefaultPolicyOid).Where(written.Add))
            {
                // A policy accepted at several endpoints is listed once, with the hashes and accuracy of the first.
                text.Append(CultureInfo.InvariantCulture, $"  - oid: {oid}\n");
                text.Append(CultureInfo.InvariantCulture, $"    title: {(oid == endpoint.DefaultPolicyOid ? $"{endpoint.Path} {(endpoint.Qualified ? "qualified" : "non-qualified")} policy (incorporates BTSP)" : $"accepted at {endpoint.Path} as reqPolicy")}\n");
                text.Append(CultureInfo.InvariantCulture, $"    hashes: [{string.Join(", ", endpoint.AcceptedHashes.Select(h => SuiteName(h.Name)))}]\n");
                text.Append(CultureInfo.InvariantCulture, $"    accuracy: {endpoint.Accuracy.TotalMicroseconds}us\n");
            }
        }

        return text.ToString();
    }

    /// <summary>
    /// <c>dev init</c>: loads the configuration just written in <paramref name="dataDirectory"/> and writes its extract as
    /// disclosure.yaml beside tsa.json (the file a target file's <c>disclosure:</c> or <c>--disclosure</c> names).
    /// </summary>
    public static string WriteFor(string dataDirectory)
    {
        string configPath = Path.Combine(dataDirectory, EmbeddedDefault.ConfigurationFileName);
        var options = TsaConfigurationFile.Read(configPath);
        using var service = TimeStampingServiceLoader.Load(options, dataDirectory, DateTimeOffset.UtcNow, configPath);
        string path = Path.Combine(dataDirectory, EmbeddedTsa.DisclosureStatementFileName);
        File.WriteAllText(path, Render(service));
        if (!OperatingSystem.IsWindows())
        {
            // Public, but never writable by others whatever the umask (serve refuses a data folder others may change).
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        return path;
    }

    /// <summary>"SHA256" → "SHA-256"; SHA3 names already carry their dash.</summary>
    private static string SuiteName(string name) => name.StartsWith("SHA3", StringComparison.Ordinal) || !name.StartsWith("SHA", StringComparison.Ordinal) ? name : "SHA-" + name[3..];
}
