using Conformance.Runner.Targets;
using Conformance.Steps.Context;

namespace Conformance.Suite.Tests;

/// <summary>
/// The xunit host against the user's own TSA: <c>TSA_CONFORMANCE_TARGET</c> holds a URL (non-qualified endpoint; add
/// <c>TSA_CONFORMANCE_QUALIFIED_URL</c> for the qualified one) or the path of a target file. Unset: the scenarios run
/// against the embedded reference TSA. So <c>dotnet test --filter "FullyQualifiedName~ScenarioTests"</c> can gate a
/// release of any TSA (docs/ci.md).
/// </summary>
public static class ExternalTarget
{
    public const string TargetVariable = "TSA_CONFORMANCE_TARGET";
    public const string QualifiedUrlVariable = "TSA_CONFORMANCE_QUALIFIED_URL";

    /// <summary>The target the variables name; null when <see cref="TargetVariable"/> is unset or empty.</summary>
    /// <exception cref="InvalidOperationException">A value that is neither an http(s) URL nor a readable target file, with the reason.</exception>
    public static TargetDefinition? FromEnvironment(Func<string, string?> variable)
    {
        string? value = variable(TargetVariable);
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        Uri? qualified = Url(variable(QualifiedUrlVariable), QualifiedUrlVariable);
        if (value.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || value.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            return TargetDefinition.FromUrls(Url(value, TargetVariable), qualified);
        }

        try
        {
            TargetDefinition target = TargetFileLoader.Load(value);
            return qualified is null ? target : target with { QualifiedUrl = qualified };
        }
        catch (TargetFileException e)
        {
            throw new InvalidOperationException($"{TargetVariable}={value}: " + string.Join("; ", e.Errors), e);
        }
    }

    private static Uri? Url(string? text, string name)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        return Uri.TryCreate(text, UriKind.Absolute, out Uri? uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new InvalidOperationException($"{name}='{text}' is not an absolute http:// or https:// URL");
    }
}
