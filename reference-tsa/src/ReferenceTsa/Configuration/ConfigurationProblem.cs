namespace ReferenceTsa.Configuration;

/// <summary>One reason the TSA refuses to start: the setting's path (e.g. Tsa:Endpoints:qtsa:Tsu) and why.</summary>
public sealed record ConfigurationProblem(string Setting, string Reason)
{
    public override string ToString() => $"{Setting}: {Reason}";
}

/// <summary>Thrown when the configuration cannot be used; lists every problem found, not just the first.</summary>
public sealed class TsaConfigurationException(string source, IReadOnlyList<ConfigurationProblem> problems)
    : Exception($"The TSA configuration {source} cannot be used:{Environment.NewLine}  "
                + string.Join(Environment.NewLine + "  ", problems))
{
    public IReadOnlyList<ConfigurationProblem> Problems { get; } = problems;
}
