using System.Text.Json;

namespace Reports;

/// <summary>
/// A JSON file read front to back through a buffer that holds the current token or value only: the reader's state
/// (depth, line number) carries from one chunk to the next, so a value is deserialised without the file ever being in
/// memory, and an error still names its line. Strict: no comments, no trailing commas, as <see cref="JsonSerializer"/>.
/// Every consumed byte can be copied to a <see cref="Tape"/> (all of them, or only the line breaks while muted).
/// </summary>
internal sealed class ChunkedJsonReader(Stream stream) : IDisposable
{
    // Large enough for many stored files' entries (~60 KB each), so that a parse rarely runs past its end.
    private byte[] _buffer = new byte[1024 * 1024];
    private int _start, _end;
    private bool _final, _started;
    private JsonReaderState _state;
    private long _lines, _valueLine;

    public JsonTokenType TokenType { get; private set; }

    /// <summary>The property name or string of the current token; null for other tokens.</summary>
    public string? Text { get; private set; }

    /// <summary>Receives the consumed bytes (null: none are kept).</summary>
    public Stream? Tape { get; set; }

    /// <summary>While muted, the tape receives only the line breaks of what is consumed, so later line numbers still match.</summary>
    public bool Muted { get; set; }

    /// <summary>Moves to the next token; false at the end of the data.</summary>
    public bool Read()
    {
        while (true)
        {
            var reader = Reader();
            if (reader.Read())
            {
                TokenType = reader.TokenType;
                Text = reader.TokenType is JsonTokenType.PropertyName or JsonTokenType.String ? reader.GetString() : null;
                Consume(ref reader);
                return true;
            }

            if (_final)
            {
                return false;
            }

            Fill();
        }
    }

    /// <summary>
    /// Skips the next value (after a property name or inside an array), buffering at most that value; returns it when
    /// it is a string, null otherwise.
    /// </summary>
    public string? Skip()
    {
        while (true)
        {
            // One pass over the value: the reader that finds its end is the one consumed.
            var reader = Reader();
            if (reader.Read() && reader.TrySkip())
            {
                string? text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
                Consume(ref reader);
                return text;
            }

            if (_final)
            {
                throw new JsonException("the data ends inside a value");
            }

            Fill();
        }
    }

    public delegate T ValueParser<out T>(ref Utf8JsonReader reader);

    /// <summary>
    /// Reads the next value with a parser of its own, in one pass: the parser gets a reader over what is buffered,
    /// standing on the value's first token, and throws <see cref="IncompleteValueException"/> when the value goes on
    /// past the buffer, which then grows and the value is read again (rarely: the buffer holds many values). A
    /// <see cref="StoredInputFormatException"/> or a syntax error becomes a <see cref="JsonException"/> naming its line in the file.
    /// </summary>
    public T Parse<T>(ValueParser<T> parse)
    {
        while (true)
        {
            var reader = Reader();
            try
            {
                if (reader.Read())
                {
                    T value = parse(ref reader);
                    Consume(ref reader);
                    return value;
                }
            }
            catch (IncompleteValueException)
            {
                // Read again below, with more of the file buffered.
            }
            catch (StoredInputFormatException e)
            {
                // The value is still in the buffer from _start: count the lines up to the offending token.
                long line = _lines + _buffer.AsSpan(_start, (int)Math.Min(e.TokenStart, _end - _start)).Count((byte)'\n');
                throw new JsonException(e.Message, null, line, null, e);
            }
            catch (JsonException e) when (e.LineNumber is { } relative)
            {
                // The reader counts lines from _start.
                long line = _lines + relative;
                throw new JsonException(e.Message.Replace($"LineNumber: {relative} |", $"LineNumber: {line} |", StringComparison.Ordinal), e.Path, line, e.BytePositionInLine, e);
            }
            catch (InvalidOperationException e)
            {
                // A string holds an escape that is not text (an unpaired surrogate), which the serializer rejects too.
                throw new JsonException($"a text value cannot be read: {e.Message}", null, _lines, null, e);
            }

            if (_final)
            {
                throw new JsonException("the data ends inside a value");
            }

            Fill();
        }
    }

    /// <summary>Deserialises the next value (after a property name or inside an array); the buffer grows to that value only.</summary>
    public T? Deserialize<T>(JsonSerializerOptions options)
    {
        T? value = default;
        try
        {
            WithWholeValue((ref Utf8JsonReader reader) => value = JsonSerializer.Deserialize<T>(ref reader, options));
        }
        catch (JsonException e) when (e.LineNumber is { } relative && e.InnerException is not JsonException)
        {
            // The serializer reads the value through a reader of its own, so it counts lines from the value's first
            // line (_valueLine); give the line in the file.
            long line = _valueLine + relative;
            throw new JsonException(e.Message.Replace($"LineNumber: {relative} |", $"LineNumber: {line} |", StringComparison.Ordinal), e.Path, line, e.BytePositionInLine, e);
        }

        return value;
    }

    /// <summary>True when the next token closes the current array (and consumes it), false when a value follows.</summary>
    public bool AtEndOfArray()
    {
        while (true)
        {
            var reader = Reader();
            if (reader.Read())
            {
                if (reader.TokenType != JsonTokenType.EndArray)
                {
                    return false;
                }

                TokenType = JsonTokenType.EndArray;
                Text = null;
                Consume(ref reader);
                return true;
            }

            if (_final)
            {
                throw new JsonException("the data ends inside an array");
            }

            Fill();
        }
    }

    private delegate void ValueAction(ref Utf8JsonReader reader);

    private void WithWholeValue(ValueAction action)
    {
        while (true)
        {
            var probe = Reader();
            if (probe.Read() && probe.TrySkip())
            {
                var reader = Reader();
                reader.Read();
                _valueLine = _lines + _buffer.AsSpan(_start, (int)reader.TokenStartIndex).Count((byte)'\n');
                action(ref reader);
                Consume(ref reader);
                return;
            }

            if (_final)
            {
                throw new JsonException("the data ends inside a value");
            }

            Fill();
        }
    }

    private Utf8JsonReader Reader()
    {
        if (!_started)
        {
            _started = true;
            _state = new JsonReaderState(new JsonReaderOptions());
            Fill();
            // A byte order mark before the JSON text, as JsonSerializer accepts on a stream.
            if (_end - _start >= 3 && _buffer[_start] == 0xEF && _buffer[_start + 1] == 0xBB && _buffer[_start + 2] == 0xBF)
            {
                _start += 3;
            }
        }

        return new Utf8JsonReader(_buffer.AsSpan(_start, _end - _start), _final, _state);
    }

    private void Consume(ref Utf8JsonReader reader)
    {
        int consumed = (int)reader.BytesConsumed;
        _lines += _buffer.AsSpan(_start, consumed).Count((byte)'\n');
        if (Tape is { } tape)
        {
            ReadOnlySpan<byte> bytes = _buffer.AsSpan(_start, consumed);
            if (Muted)
            {
                // JSON strings hold no raw line break: every one consumed is whitespace between tokens.
                for (int n = bytes.Count((byte)'\n'); n > 0; n--)
                {
                    tape.WriteByte((byte)'\n');
                }
            }
            else
            {
                tape.Write(bytes);
            }
        }

        _start += consumed;
        _state = reader.CurrentState;
    }

    private void Fill()
    {
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, _end - _start);
            _end -= _start;
            _start = 0;
        }

        if (_end == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        int read = stream.Read(_buffer, _end, _buffer.Length - _end);
        if (read == 0)
        {
            _final = true;
        }

        _end += read;
    }

    public void Dispose() => stream.Dispose();
}
