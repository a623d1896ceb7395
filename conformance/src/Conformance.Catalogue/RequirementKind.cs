namespace Conformance.Catalogue;

/// <summary>How conformance to a requirement is shown.</summary>
public enum RequirementKind
{
    /// <summary>Checked by scenarios against an endpoint, stored tokens or certificates.</summary>
    Automated,

    /// <summary>Shown by evidence an auditor reviews (documents, records, certificates, site visit).</summary>
    Attested,

    /// <summary>Partly observable by scenarios, partly by attested evidence.</summary>
    Both,
}

public static class RequirementKinds
{
    public static bool TryParse(string text, out RequirementKind kind)
    {
        switch (text)
        {
            case "automated": kind = RequirementKind.Automated; return true;
            case "attested": kind = RequirementKind.Attested; return true;
            case "both": kind = RequirementKind.Both; return true;
            default: kind = default; return false;
        }
    }

    public static string ToText(this RequirementKind kind) => kind switch
    {
        RequirementKind.Automated => "automated",
        RequirementKind.Attested => "attested",
        RequirementKind.Both => "both",
        _ => kind.ToString(),
    };

    /// <summary>True when scenarios are expected for the requirement.</summary>
    public static bool NeedsScenario(this RequirementKind kind) => kind is RequirementKind.Automated or RequirementKind.Both;

    public const string Allowed = "automated, attested, both";
}
