namespace Conformance.Catalogue;

/// <summary>Normative strength of a requirement, as written in the catalogue's <c>level</c> field.</summary>
public enum RequirementLevel
{
    /// <summary><c>MUST</c>: "shall", "MUST", "REQUIRED" in the source.</summary>
    Must,

    /// <summary><c>SHOULD</c>: "should", "RECOMMENDED" in the source.</summary>
    Should,

    /// <summary>
    /// <c>MUST-Q</c>: mandatory for a qualified service (usually because CIR (EU) 2025/1929 turned a "should" into a
    /// "shall"); outside the qualified profile the requirement's <c>base_level</c> applies.
    /// </summary>
    MustQualified,

    /// <summary><c>MAY</c>: a permission in the source ("may"). Listed so the inventory is complete; nothing to enforce.</summary>
    May,

    /// <summary><c>INFO</c>: no normative force; a check that only informs the report.</summary>
    Info,
}

public static class RequirementLevels
{
    public static bool TryParse(string text, out RequirementLevel level)
    {
        switch (text)
        {
            case "MUST": level = RequirementLevel.Must; return true;
            case "SHOULD": level = RequirementLevel.Should; return true;
            case "MUST-Q": level = RequirementLevel.MustQualified; return true;
            case "MAY": level = RequirementLevel.May; return true;
            case "INFO": level = RequirementLevel.Info; return true;
            default: level = default; return false;
        }
    }

    public static string ToText(this RequirementLevel level) => level switch
    {
        RequirementLevel.Must => "MUST",
        RequirementLevel.Should => "SHOULD",
        RequirementLevel.MustQualified => "MUST-Q",
        RequirementLevel.May => "MAY",
        RequirementLevel.Info => "INFO",
        _ => level.ToString(),
    };

    public const string Allowed = "MUST, SHOULD, MUST-Q, MAY, INFO";
}
