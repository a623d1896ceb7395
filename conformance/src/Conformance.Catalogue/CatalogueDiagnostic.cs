namespace Conformance.Catalogue;

/// <summary>
/// One problem found while loading or linting the catalogue, located in a file and line so that an
/// author can go straight to it. <see cref="ToString"/> renders the conventional <c>file:line: message</c>.
/// </summary>
/// <param name="File">Path as shown to the user (relative to the directory that holds <c>spec/</c> when possible).</param>
/// <param name="Line">1-based line; 0 when the problem concerns a whole file or no file.</param>
/// <param name="Message">What is wrong and, where possible, how to fix it.</param>
public sealed record CatalogueDiagnostic(string File, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}
