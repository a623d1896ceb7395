namespace ReferenceTsa.Configuration;

/// <summary>
/// What `serve` refuses on a Unix host before it loads anything: a secret (HSM PIN file, software key, database
/// password file, the development CA key) that group or others may read or write, and a configuration file or data
/// folder that group or others may write (anyone who can write them can switch on defects or point the TSA at
/// another key). Each problem names the setting, the file and its mode.
/// </summary>
public static class FilePermissions
{
    private const UnixFileMode GroupOrOthersAny = UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute
                                                  | UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private const UnixFileMode GroupOrOthersWrite = UnixFileMode.GroupWrite | UnixFileMode.OtherWrite;

    /// <summary>The development root CA's private key, written by dev init into the data directory.</summary>
    public const string DevCaKeyFileName = "dev-root-ca.key.pem";

    public static List<ConfigurationProblem> Problems(TsaOptions options, string configPath)
    {
        var problems = new List<ConfigurationProblem>();
        if (OperatingSystem.IsWindows())
        {
            return problems;
        }

        string baseDirectory = Path.GetDirectoryName(configPath)!;
        NotWritableByOthers("configuration file", configPath, problems);
        string dataDirectory = Path.GetFullPath(options.DataDirectory, baseDirectory);
        NotWritableByOthers("Tsa:DataDirectory", dataDirectory, problems);
        foreach (var (name, tsu) in options.Tsus)
        {
            Secret($"Tsa:Tsus:{name}:Key:PinFile", tsu.Key.PinFile, baseDirectory, problems);
            if (string.Equals(tsu.Key.Type, "software", StringComparison.OrdinalIgnoreCase))
            {
                Secret($"Tsa:Tsus:{name}:Key:Path", tsu.Key.Path, baseDirectory, problems);
            }
        }

        Secret("Tsa:EvidenceLog:PasswordFile", options.EvidenceLog.PasswordFile, baseDirectory, problems);
        Secret("Tsa:Tls:Key", options.Tls?.Key, baseDirectory, problems);
        Secret("Tsa:Tls:PasswordFile", options.Tls?.PasswordFile, baseDirectory, problems);
        Secret("Tsa:DataDirectory", DevCaKeyFileName, dataDirectory, problems);
        return problems;
    }

    /// <summary>A file that must be neither readable nor writable by group or others (when it exists).</summary>
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void Secret(string setting, string? file, string baseDirectory, List<ConfigurationProblem> problems)
    {
        if (file is not { Length: > 0 })
        {
            return;
        }

        string path = Path.GetFullPath(file, baseDirectory);
        if (File.Exists(path) && (File.GetUnixFileMode(path) & GroupOrOthersAny) != 0)
        {
            problems.Add(new(setting, $"{path} has mode {Octal(File.GetUnixFileMode(path))}: a secret must be readable and writable by the TSA's user "
                                      + $"alone (chmod 600 {path})"));
        }
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    private static void NotWritableByOthers(string setting, string path, List<ConfigurationProblem> problems)
    {
        bool exists = Directory.Exists(path) || File.Exists(path);
        if (exists && (File.GetUnixFileMode(path) & GroupOrOthersWrite) != 0)
        {
            problems.Add(new(setting, $"{path} has mode {Octal(File.GetUnixFileMode(path))}: writable by group or others, who could change what the "
                                      + $"TSA signs with (chmod go-w {path})"));
        }
    }

    public static string Octal(UnixFileMode mode) => "0" + Convert.ToString((int)mode & 0xFFF, 8);
}
