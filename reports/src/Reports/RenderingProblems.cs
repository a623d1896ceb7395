using System.Text.Json;
using System.Text.Json.Nodes;

namespace Reports;

/// <summary>
/// A rendering (report.html, junit.xml, ...) that failed with an unexpected exception is recorded in report.json's
/// <c>problems</c>, so the folder says it is incomplete; a later re-rendering into the same folder clears those entries
/// before it starts. Only these entries are touched: the rest of report.json is kept as the runner wrote it.
/// </summary>
public static class RenderingProblems
{
    public const string Prefix = "rendering failed: ";

    public static string Describe(string file, Exception e) => $"{Prefix}{file}: {e.GetType().Name}: {e.Message}";

    public static void Record(string reportJson, IReadOnlyList<string> failures) => Edit(reportJson, problems =>
    {
        foreach (string failure in failures)
        {
            problems.Add(failure);
        }
    });

    public static void Clear(string reportJson)
    {
        // Most reports hold no such entry: look for the prefix in the bytes, chunk by chunk, before building a document
        // of a large report.json (an inspection of thousands of tokens), which would cost several times the file's size.
        if (!File.Exists(reportJson) || !Contains(reportJson, System.Text.Encoding.UTF8.GetBytes(Prefix)))
        {
            return;
        }

        Edit(reportJson, RemoveRenderingFailures);
    }

    /// <summary>Whether the file holds these bytes, read in chunks that overlap by the needle's length.</summary>
    private static bool Contains(string path, byte[] needle)
    {
        using FileStream stream = File.OpenRead(path);
        byte[] buffer = new byte[1 << 20];
        int kept = 0;
        while (stream.Read(buffer, kept, buffer.Length - kept) is > 0 and int read)
        {
            int length = kept + read;
            if (buffer.AsSpan(0, length).IndexOf(needle) >= 0)
            {
                return true;
            }

            kept = Math.Min(needle.Length - 1, length);
            Buffer.BlockCopy(buffer, length - kept, buffer, 0, kept);
        }

        return false;
    }

    private static void RemoveRenderingFailures(JsonArray problems)
    {
        for (int i = problems.Count - 1; i >= 0; i--)
        {
            if (problems[i]?.GetValueKind() == JsonValueKind.String && problems[i]!.GetValue<string>().StartsWith(Prefix, StringComparison.Ordinal))
            {
                problems.RemoveAt(i);
            }
        }
    }

    private static void Edit(string reportJson, Action<JsonArray> change)
    {
        if (!File.Exists(reportJson))
        {
            return;
        }

        JsonNode? root;
        try
        {
            root = JsonNode.Parse(File.ReadAllText(reportJson));
        }
        catch (JsonException)
        {
            return; // Assessment.Build reports the broken file with its line
        }

        if (root is not JsonObject report)
        {
            return;
        }

        if (report["problems"] is not JsonArray problems)
        {
            problems = [];
            report["problems"] = problems;
        }

        string before = problems.ToJsonString();
        change(problems);
        if (problems.ToJsonString() != before)
        {
            File.WriteAllText(reportJson, report.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
    }
}
