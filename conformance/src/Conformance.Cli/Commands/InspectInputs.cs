namespace Conformance.Cli.Commands;

/// <summary>inspect's inputs: folders expand to their files (sorted, not recursive); every file must exist and be readable.</summary>
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
                string[] inFolder = Directory.GetFiles(argument).Order(StringComparer.Ordinal).ToArray();
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
