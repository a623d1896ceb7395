namespace Conformance.Runner.Targets;

/// <summary>A target file that cannot be used; each error reads <c>file:line: message</c>.</summary>
public sealed class TargetFileException(IReadOnlyList<string> errors)
    : Exception(string.Join(Environment.NewLine, errors))
{
    public IReadOnlyList<string> Errors { get; } = errors;
}
