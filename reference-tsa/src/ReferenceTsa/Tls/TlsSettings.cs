using ReferenceTsa.Configuration;

namespace ReferenceTsa.Tls;

/// <summary>The validated Tsa:Tls section: the certificate files (checked to load at start-up) and the default HTTPS URL.</summary>
public sealed class TlsSettings(ServerCertificateFiles files, string defaultUrl)
{
    public const string DefaultHttpsUrl = "https://127.0.0.1:8319";
    private const string Prefix = "Tsa:Tls";

    public ServerCertificateFiles Files { get; } = files;

    public string DefaultUrl { get; } = defaultUrl;

    /// <summary>Null when the section is absent; otherwise loads the files once and adds a problem naming the setting for anything wrong.</summary>
    public static TlsSettings? Validate(TlsOptions? options, string baseDirectory, DateTimeOffset now, List<ConfigurationProblem> problems)
    {
        if (options is null)
        {
            return null;
        }

        if (string.IsNullOrWhiteSpace(options.Certificate))
        {
            problems.Add(new($"{Prefix}:Certificate", "the section is present but names no certificate file"));
            return null;
        }

        int before = problems.Count;
        string? password = ConfigurationSecret.Read($"{Prefix}:PasswordEnvironmentVariable", options.PasswordEnvironmentVariable,
            $"{Prefix}:PasswordFile", options.PasswordFile, baseDirectory, problems);
        string defaultUrl = options.DefaultUrl ?? DefaultHttpsUrl;
        if (!Uri.TryCreate(defaultUrl, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps)
        {
            problems.Add(new($"{Prefix}:DefaultUrl", $"'{defaultUrl}' is not an https:// URL"));
        }

        var files = new ServerCertificateFiles(Path.GetFullPath(options.Certificate, baseDirectory),
            options.Key is { Length: > 0 } key ? Path.GetFullPath(key, baseDirectory) : null, password);
        if (files.IsPkcs12 && files.KeyPath is not null)
        {
            problems.Add(new($"{Prefix}:Key", "a PKCS#12 certificate file carries its own key; remove Key"));
        }

        if (problems.Count > before)
        {
            return null;
        }

        try
        {
            using var loaded = files.Load(now).Certificate;
        }
        catch (ServerCertificateException e)
        {
            problems.Add(new(e.Setting, e.Message));
            return null;
        }

        return new TlsSettings(files, defaultUrl);
    }
}
