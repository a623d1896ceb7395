namespace Conformance.TrustedLists.Reading;

/// <summary>
/// A trusted list that cannot be read: not well-formed, hostile (a DTD or entity), too large, an unknown list version,
/// or a mandatory element missing. The message names the file and, where known, the line.
/// </summary>
public sealed class TrustedListFormatException(string source, int line, string message, Exception? inner = null)
    : Exception(line > 0 ? $"{source}:{line}: {message}" : $"{source}: {message}", inner)
{
    public string ListSource { get; } = source;
    public int Line { get; } = line;
}
