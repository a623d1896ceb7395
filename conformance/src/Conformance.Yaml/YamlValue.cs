namespace Conformance.Yaml;

/// <summary>A non-empty scalar read from a YAML file, with the line it is on (for messages about its meaning).</summary>
public readonly record struct YamlValue(string Text, int Line);
