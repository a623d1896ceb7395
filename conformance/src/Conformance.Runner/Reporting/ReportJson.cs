using System.Text.Json;
using System.Text.Json.Serialization;
using Conformance.Runner.Results;

namespace Conformance.Runner.Reporting;

/// <summary>report.json: camelCase, indented, enums as the words the report uses (passed, not-applicable, ...).</summary>
public static class ReportJson
{
    public const string FileName = "report.json";

    /// <summary>The options of <see cref="ReportJsonContext"/>: serialisation code generated at build time, not by reflection at run time.</summary>
    public static JsonSerializerOptions Options => ReportJsonContext.Default.Options;

    /// <summary>Writes report.json; a report without an environment gets this run's (<see cref="RunEnvironmentCapture"/>).</summary>
    public static string Write(RunReport report, string directory)
    {
        if (report.Environment is null)
        {
            report = report with { Environment = RunEnvironmentCapture.Capture(directory, report.ToolVersion) };
        }

        string path = Path.Combine(directory, FileName);
        // Streamed: an inspection of thousands of tokens makes a report.json of tens of megabytes.
        using (FileStream stream = File.Create(path))
        {
            JsonSerializer.Serialize(stream, report, Options);
        }

        return path;
    }

    /// <summary>
    /// Writes report.json with inspect's per-file results from the spool (<paramref name="report"/>'s own Inputs are
    /// empty): the report is serialised without them and the spooled array copied in at the place of its empty "inputs".
    /// </summary>
    public static string Write(RunReport report, string directory, InputSpool inputs)
    {
        if (inputs.Count == 0)
        {
            return Write(report, directory);
        }

        if (report.Inputs.Count > 0)
        {
            throw new ArgumentException("the report's inputs are in the spool; the report itself must hold none", nameof(report));
        }

        report = report with { Environment = report.Environment ?? RunEnvironmentCapture.Capture(directory, report.ToolVersion) };
        byte[] json = JsonSerializer.SerializeToUtf8Bytes(report, Options);
        ReadOnlySpan<byte> emptyInputs = "\"inputs\": []"u8;
        int at = json.AsSpan().IndexOf(emptyInputs);
        if (at < 0 || json.AsSpan(at + emptyInputs.Length).IndexOf(emptyInputs) >= 0)
        {
            throw new InvalidOperationException("report.json: the place of the inputs array was not found exactly once");
        }

        int open = at + emptyInputs.Length - 2;
        string path = Path.Combine(directory, FileName);
        using (FileStream stream = File.Create(path))
        {
            stream.Write(json, 0, open);
            inputs.CopyArrayTo(stream);
            stream.Write(json, open + 2, json.Length - open - 2);
        }

        return path;
    }

    /// <summary>Reads a report.json back; a broken file gives a message naming the file and the position.</summary>
    public static RunReport Read(string path)
    {
        try
        {
            using FileStream stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<RunReport>(stream, Options)
                ?? throw new InvalidDataException($"{path}: the file holds no report");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}:{(e.LineNumber ?? 0) + 1}: not a tsa-conformance report: {e.Message}", e);
        }
    }
}

/// <summary>
/// report.json's serialisation, generated at build time: an inspection serialises one <see cref="InputResult"/> per stored
/// file, and the generated code writes it without the reflection-built metadata (same bytes, same order of properties).
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(RunReport))]
[JsonSerializable(typeof(InputResult))]
public sealed partial class ReportJsonContext : JsonSerializerContext;
