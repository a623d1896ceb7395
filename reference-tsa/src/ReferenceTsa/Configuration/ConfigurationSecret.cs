namespace ReferenceTsa.Configuration;

/// <summary>
/// A secret named by the configuration but kept out of it (an HSM PIN, a database password): read from an
/// environment variable or from a file (trailing newline ignored). Never on a command line, never logged.
/// </summary>
public static class ConfigurationSecret
{
    /// <summary>
    /// Reads the secret from <paramref name="variable"/> when given, else from <paramref name="file"/> (relative to
    /// <paramref name="baseDirectory"/>); adds a problem naming the setting and returns null when it cannot.
    /// </summary>
    public static string? Read(string variableSetting, string? variable, string fileSetting, string? file, string baseDirectory,
        List<ConfigurationProblem> problems)
    {
        if (variable is { Length: > 0 })
        {
            string? secret = Environment.GetEnvironmentVariable(variable);
            if (string.IsNullOrEmpty(secret))
            {
                problems.Add(new(variableSetting, $"the environment variable {variable} is not set"));
                return null;
            }

            return secret;
        }

        if (file is not { Length: > 0 })
        {
            return null;
        }

        string path = Path.GetFullPath(file, baseDirectory);
        try
        {
            string secret = File.ReadAllText(path).TrimEnd('\r', '\n');
            if (secret.Length == 0)
            {
                problems.Add(new(fileSetting, $"{path} is empty"));
                return null;
            }

            return secret;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            problems.Add(new(fileSetting, $"{path} cannot be read: {e.Message}"));
            return null;
        }
    }
}
