using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.RegularExpressions;
using Conformance.Yaml;

namespace Conformance.Runner.Targets;

/// <summary>
/// What the section readers of a target file share: relative paths resolve against the file's folder, and values
/// with a meaning beyond their YAML type (URLs, OIDs, certificate files, secrets) are checked the same way everywhere.
/// </summary>
internal sealed partial class TargetFileContext(string path)
{
    private readonly string _folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? ".";

    [GeneratedRegex(@"^[0-2](\.(0|[1-9]\d*))+$")]
    private static partial Regex OidPattern();

    public string Resolve(string relative) => Path.GetFullPath(Path.Combine(_folder, relative));

    public Uri? Url(YamlFields f, string key)
    {
        if (f.Value(key) is not { } value)
        {
            return null;
        }

        if (Uri.TryCreate(value.Text, UriKind.Absolute, out Uri? uri) && uri.Scheme is "http" or "https")
        {
            return uri;
        }

        f.Error(value.Line, $"{f.Key(key)} must be an absolute http:// or https:// URL, not '{value.Text}'");
        return null;
    }

    public List<string> Oids(YamlFields f, string key)
    {
        var oids = new List<string>();
        foreach (YamlValue value in f.Values(key))
        {
            if (OidPattern().IsMatch(value.Text))
            {
                oids.Add(value.Text);
            }
            else
            {
                f.Error(value.Line, $"'{value.Text}' in {f.Key(key)} is not a dotted object identifier such as 0.4.0.2023.1.1");
            }
        }

        return oids;
    }

    /// <summary>Certificates from a PEM or DER file; a problem on <paramref name="at"/>'s line when none can be read.</summary>
    public X509Certificate2Collection Certificates(YamlFields f, YamlValue at, string file, string what)
    {
        try
        {
            X509Certificate2Collection collection = CertificateFile.Load(file);
            if (collection.Count == 0)
            {
                f.Error(at.Line, $"{file}: no certificate found for the {what}");
            }

            return collection;
        }
        catch (Exception e) when (e is CryptographicException or IOException or UnauthorizedAccessException)
        {
            f.Error(at.Line, $"{file}: cannot load the {what} certificate: {e.Message}");
            return [];
        }
    }

    /// <summary>A secret written as <c>key</c> or, better, named by <c>key-env</c> (an environment variable).</summary>
    public static string? Secret(YamlFields f, string key)
    {
        YamlValue? literal = f.Value(key);
        YamlValue? variable = f.Value(key + "-env");
        if (literal is { } written)
        {
            return written.Text;
        }

        if (variable is not { } name)
        {
            return null;
        }

        string? value = Environment.GetEnvironmentVariable(name.Text);
        if (value is null)
        {
            f.Error(name.Line, $"environment variable {name.Text} (named by {f.Key(key + "-env")}) is not set");
        }

        return value;
    }

    /// <summary>Paths that must exist (files, or folders too when <paramref name="folders"/>), resolved.</summary>
    /// <param name="noun">What a missing path is called in the message (default: file, or file or folder).</param>
    public List<string> ExistingPaths(YamlFields f, string key, bool folders, string? noun = null)
    {
        var paths = new List<string>();
        foreach (YamlValue value in f.Values(key))
        {
            string resolved = Resolve(value.Text);
            if (File.Exists(resolved) || (folders && Directory.Exists(resolved)))
            {
                paths.Add(resolved);
            }
            else
            {
                f.Error(value.Line, $"{resolved}: no such {noun ?? (folders ? "file or folder" : "file")} ({f.Key(key)})");
            }
        }

        return paths;
    }
}
