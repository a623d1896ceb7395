using System.Text;
using System.Text.Json;
using Conformance.Runner.Results;

namespace Conformance.Runner.Reporting;

/// <summary>
/// inspect's per-file results, written out as each file is judged instead of held until the end: each
/// <see cref="InputResult"/> is serialised once, already indented as the element of report.json's "inputs" array, into a
/// spool file beside report.json; <see cref="ReportJson.Write(RunReport, string, InputSpool)"/> copies it into place. The
/// report.json is byte for byte the one a single serialisation of the whole report gives. The spool file is deleted when
/// closed.
/// </summary>
public sealed class InputSpool : IDisposable
{
    /// <summary>Indentation of an element of a top-level array property in the indented report.json.</summary>
    private const string ElementIndent = "    ";

    private readonly FileStream _stream;
    private readonly byte[] _newLine = Encoding.UTF8.GetBytes(ReportJson.Options.NewLine);
    private readonly byte[] _indentedNewLine = Encoding.UTF8.GetBytes(ReportJson.Options.NewLine + ElementIndent);

    public InputSpool(string directory)
    {
        Directory.CreateDirectory(directory);
        _stream = new FileStream(Path.Combine(directory, ReportJson.FileName + ".inputs.partial"), FileMode.Create, FileAccess.ReadWrite, FileShare.None,
            bufferSize: 1 << 16, FileOptions.DeleteOnClose);
    }

    public int Count { get; private set; }

    // One buffer and writer for every file: a file's results serialise to some 90 KB, which as a new array each time
    // would land on the large-object heap and bring on full collections.
    private readonly System.Buffers.ArrayBufferWriter<byte> _buffer = new(1 << 17);
    private Utf8JsonWriter? _writer;

    /// <summary>Appends one file's result (call in the order the files are to appear in the report).</summary>
    public void Add(InputResult input)
    {
        _buffer.ResetWrittenCount();
        if (_writer is null)
        {
            _writer = new Utf8JsonWriter(_buffer, new JsonWriterOptions
            {
                Indented = ReportJson.Options.WriteIndented,
                Encoder = ReportJson.Options.Encoder,
                IndentCharacter = ReportJson.Options.IndentCharacter,
                IndentSize = ReportJson.Options.IndentSize,
                NewLine = ReportJson.Options.NewLine,
                MaxDepth = ReportJson.Options.MaxDepth,
            });
        }
        else
        {
            _writer.Reset(_buffer);
        }

        JsonSerializer.Serialize(_writer, input, ReportJsonContext.Default.InputResult);
        _writer.Flush();
        ReadOnlySpan<byte> json = _buffer.WrittenSpan;
        if (Count > 0)
        {
            _stream.WriteByte((byte)',');
        }

        _stream.Write(_indentedNewLine);
        // A line break inside the serialised JSON is always the writer's own (strings escape theirs), so each one is
        // followed by the element's indentation.
        ReadOnlySpan<byte> rest = json;
        for (int at = rest.IndexOf(_newLine); at >= 0; at = rest.IndexOf(_newLine))
        {
            _stream.Write(rest[..at]);
            _stream.Write(_indentedNewLine);
            rest = rest[(at + _newLine.Length)..];
        }

        _stream.Write(rest);
        Count++;
    }

    /// <summary>Writes the array (brackets included) at the place of an empty "inputs" array of the indented report.</summary>
    internal void CopyArrayTo(Stream destination)
    {
        _stream.Flush();
        _stream.Position = 0;
        destination.WriteByte((byte)'[');
        _stream.CopyTo(destination);
        destination.Write(_newLine);
        destination.Write("  ]"u8);
        _stream.Position = _stream.Length;
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _stream.Dispose();
    }
}
