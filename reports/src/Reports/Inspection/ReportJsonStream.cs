using System.Globalization;
using System.Text.Json;

namespace Reports;

/// <summary>
/// report.json read as a stream, so an inspection of thousands of stored tokens is never in memory at once: the top
/// level (target, verdict, run scenarios, environment, ...) as one <see cref="ReportModel"/> whose <c>inputs</c> are
/// left out and counted, and the inputs one at a time. Errors name the file and line, as <see cref="ReportModel.Load"/>.
/// </summary>
public static class ReportJsonStream
{
    private const string InputsProperty = "inputs";

    /// <summary>Everything but the inputs (<see cref="ReportModel.Inputs"/> is empty), and how many inputs the file holds.</summary>
    public static (ReportModel Report, int Inputs) ReadHeader(string path) => ReadHeader<ReportModel>(path, ReportModel.LoadOptions());

    /// <summary>As <see cref="ReadHeader(string)"/>, into another model of report.json (the CLI reads it with the runner's types).</summary>
    public static (T Report, int Inputs) ReadHeader<T>(string path, JsonSerializerOptions options)
        where T : class => ReadHeader<T>(path, options, null);

    /// <summary>
    /// As <see cref="ReadHeader(string)"/>, in the same pass handing each stored file (read as <see cref="ReadInputs(string)"/>
    /// reads it) to what <paramref name="inputs"/> returns when the inputs are reached; it is given report.json's
    /// <c>finishedAt</c> when that came before them (as the runner writes it), and returns null to have them skipped.
    /// </summary>
    internal static (ReportModel Report, int Inputs) ReadHeader(string path, Func<DateTimeOffset?, Action<ReportInput>?> inputs) =>
        ReadHeader<ReportModel>(path, ReportModel.LoadOptions(), inputs);

    private static (T Report, int Inputs) ReadHeader<T>(string path, JsonSerializerOptions options, Func<DateTimeOffset?, Action<ReportInput>?>? inputs)
        where T : class
    {
        Exists(path);
        int count = 0;
        DateTimeOffset? finishedAt = null;
        using var tape = new MemoryStream();
        try
        {
            using (var json = new ChunkedJsonReader(File.OpenRead(path)) { Tape = tape })
            {
                if (!json.Read() || json.TokenType != JsonTokenType.StartObject)
                {
                    throw new JsonException("the file does not hold a JSON object");
                }

                while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
                {
                    if (json.Text != InputsProperty)
                    {
                        bool time = json.Text == "finishedAt";
                        string? text = json.Skip();
                        if (time && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out DateTimeOffset t))
                        {
                            finishedAt = t;
                        }

                        continue;
                    }

                    // The inputs are counted and checked here; the tape keeps "[" and "]" with the line breaks between,
                    // so an error found later in the header still names its line in the file.
                    json.Read();
                    if (json.TokenType != JsonTokenType.StartArray)
                    {
                        throw new JsonException($"\"{InputsProperty}\" is not an array");
                    }

                    json.Muted = true;
                    count += ReadInputs(json, inputs?.Invoke(finishedAt));
                    json.Muted = false;
                    tape.Write("]"u8);
                }
            }

            tape.Position = 0;
            T report = JsonSerializer.Deserialize<T>(tape, options)
                ?? throw new ReportInputException($"{path}: the file holds no report");
            return (report, count);
        }
        catch (JsonException e)
        {
            throw Broken(path, e);
        }
    }

    /// <summary>The entries of "inputs" up to its end, each skipped or parsed and handed on; how many there were.</summary>
    private static int ReadInputs(ChunkedJsonReader json, Action<ReportInput>? receive)
    {
        var parser = receive is null ? null : new StoredInputParser(new SharedStrings());
        int count = 0;
        while (!json.AtEndOfArray())
        {
            if (parser is null)
            {
                json.Skip();
            }
            else
            {
                receive!(json.Parse(parser.Parse));
            }

            count++;
        }

        return count;
    }

    /// <summary>
    /// The stored files of an inspection, one at a time, in file order, each with its scenarios as the renderers read
    /// them (<see cref="StoredInputParser"/>: without steps, tags and graded findings).
    /// </summary>
    public static IEnumerable<ReportInput> ReadInputs(string path)
    {
        var parser = new StoredInputParser(new SharedStrings());
        return ReadInputs(path, json => json.Parse(parser.Parse));
    }

    /// <summary>As <see cref="ReadInputs(string)"/>, into another model of an input (every field deserialised).</summary>
    public static IEnumerable<T> ReadInputs<T>(string path, JsonSerializerOptions options)
        where T : class => ReadInputs(path, json => json.Deserialize<T>(options));

    private static IEnumerable<T> ReadInputs<T>(string path, Func<ChunkedJsonReader, T?> read)
        where T : class
    {
        Exists(path);
        using var json = new ChunkedJsonReader(File.OpenRead(path));
        if (!Guard(path, () => MoveToInputs(json)))
        {
            yield break;
        }

        while (!Guard(path, json.AtEndOfArray))
        {
            T input = Guard(path, () => read(json))
                ?? throw new ReportInputException($"{path}: an entry of \"{InputsProperty}\" is null");
            yield return input;
        }
    }

    /// <summary>Positions the reader on the first input; false when report.json has no inputs.</summary>
    private static bool MoveToInputs(ChunkedJsonReader json)
    {
        if (!json.Read() || json.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("the file does not hold a JSON object");
        }

        while (json.Read() && json.TokenType == JsonTokenType.PropertyName)
        {
            if (json.Text == InputsProperty)
            {
                json.Read();
                return json.TokenType == JsonTokenType.StartArray ? true : throw new JsonException($"\"{InputsProperty}\" is not an array");
            }

            json.Skip();
        }

        return false;
    }

    private static T Guard<T>(string path, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (JsonException e)
        {
            throw Broken(path, e);
        }
    }

    private static void Exists(string path)
    {
        if (!File.Exists(path))
        {
            throw new ReportInputException($"{path}: no such report");
        }
    }

    private static ReportInputException Broken(string path, JsonException e) =>
        new($"{path}:{(e.LineNumber ?? 0) + 1}: not a tsa-conformance report: {e.Message}");
}
