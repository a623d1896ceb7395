namespace Conformance.Yaml;

/// <summary>
/// One problem in a YAML file a user wrote, located so that the author can go straight to it.
/// <see cref="ToString"/> renders the conventional <c>file:line: message</c>.
/// </summary>
/// <param name="File">The path as shown to the user.</param>
/// <param name="Line">1-based line; 0 when the problem concerns the whole file.</param>
/// <param name="Message">What is wrong and, where possible, how to fix it; names the key concerned.</param>
public sealed record YamlProblem(string File, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}
