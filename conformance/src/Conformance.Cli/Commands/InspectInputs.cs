namespace Conformance.Cli.Commands;

/// <summary>
/// inspect's inputs: folders expand to their files (sorted, not recursive); every file must exist and be readable.
/// In a folder, a file that is plainly not a time-stamp (a README, the stamped data kept beside its token) is skipped
/// with one line naming it and why, unless its extension says it is one (.tsr, .tst, .der, .p7s, .p7m, .pem, .token):
/// those, and every file named on the command line, are judged, so a damaged token is never skipped.
/// </summary>
internal static class InspectInputs
{
    public static bool TryExpand(IReadOnlyList<string> arguments, TextWriter error, out IReadOnlyList<string> files)
    {
        var list = new List<string>();
        bool ok = true;
        foreach (string argument in arguments)
        {
            if (Directory.Exists(argument))
            {
                string[] inFolder = Directory.GetFiles(argument).Order(StringComparer.Ordinal).Where(f => !Skipped(f, error)).ToArray();
                if (inFolder.Length == 0)
                {
                    error.WriteLine($"{argument}: the folder holds no file to inspect");
                    ok = false;
                }

                list.AddRange(inFolder);
            }
            else if (Readable(argument, "input", error))
            {
                list.Add(argument);
            }
            else
            {
                ok = false;
            }
        }

        files = list;
        return ok;
    }

    private static readonly HashSet<string> TimeStampExtensions = new(StringComparer.OrdinalIgnoreCase)
    {
        ".tsr", ".tst", ".der", ".p7s", ".p7m", ".pem", ".token",
    };

    /// <summary>True (and one line naming the file) for a file in a folder that is plainly not a time-stamp.</summary>
    private static bool Skipped(string file, TextWriter error)
    {
        if (TimeStampExtensions.Contains(Path.GetExtension(file)))
        {
            return false;
        }

        byte[] raw;
        try
        {
            raw = File.ReadAllBytes(file);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false; // judged, so the read error is reported with the file
        }

        string? why = Conformance.Checks.Protocol.StoredToken.NotATimeStamp(raw);
        if (why is not null)
        {
            error.WriteLine($"{file}: skipped, not a time-stamp ({why})");
        }

        return why is not null;
    }

    /// <summary>True when the file can be opened for reading; otherwise one message naming it.</summary>
    public static bool Readable(string file, string what, TextWriter error)
    {
        try
        {
            using FileStream _ = File.OpenRead(file);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            string why = e is FileNotFoundException or DirectoryNotFoundException ? "no such file" : e.Message;
            error.WriteLine($"{file}: cannot read the {what}: {why}");
            return false;
        }
    }
}
