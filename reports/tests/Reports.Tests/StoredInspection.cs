using System.Text.Json;

namespace Reports.Tests;

/// <summary>Test input of an inspection: report.json of many stored files written as a stream.</summary>
internal static class StoredInspection
{
    /// <summary>
    /// A copy of the fixture run whose report.json is an inspection of <paramref name="files"/> stored files, each
    /// written by <paramref name="writeInput"/> (given the file's index) into the "inputs" array; finishedAt before the
    /// inputs as the runner writes it, or after them when <paramref name="finishedAtLast"/>.
    /// </summary>
    public static string Generate(int files, Action<Utf8JsonWriter, int> writeInput, bool finishedAtLast = false)
    {
        string dir = TestFiles.CopyRun(r => r["scenarios"] = new System.Text.Json.Nodes.JsonArray());
        var header = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "report.json"))).RootElement;
        using (var stream = File.Create(Path.Combine(dir, "report.json")))
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            w.WriteStartObject();
            w.WriteString("tool", "tsa-conformance");
            w.WriteString("command", "inspect");
            w.WriteString("startedAt", header.GetProperty("startedAt").GetString());
            if (!finishedAtLast)
            {
                w.WriteString("finishedAt", header.GetProperty("finishedAt").GetString());
            }

            w.WriteString("profile", "etsi");
            w.WriteString("verdict", Outcome.NonConformant);
            w.WriteString("verdictReason", "as the runner judged it");
            w.WritePropertyName("summary");
            header.GetProperty("summary").WriteTo(w);
            w.WriteStartArray("scenarios");
            w.WriteEndArray();
            w.WriteStartArray("inputs");
            for (int i = 0; i < files; i++)
            {
                writeInput(w, i);
            }

            w.WriteEndArray();
            if (finishedAtLast)
            {
                w.WriteString("finishedAt", header.GetProperty("finishedAt").GetString());
            }

            w.WriteString("evidenceManifest", "evidence/MANIFEST.sha256");
            w.WriteEndObject();
        }

        return dir;
    }
}
