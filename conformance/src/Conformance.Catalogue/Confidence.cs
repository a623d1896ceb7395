namespace Conformance.Catalogue;

/// <summary>How well a catalogue entry (or a crypto-policy value) was checked against its source.</summary>
public enum Confidence
{
    /// <summary>Read against the normative text itself (or a verbatim transcription of it).</summary>
    Verified,

    /// <summary>Taken from a secondary source: a register, summary or an implementation that encodes the rule.</summary>
    Secondary,

    /// <summary>Not checked against any source: treat as a placeholder until verified.</summary>
    Unverified,
}

public static class Confidences
{
    public static bool TryParse(string text, out Confidence confidence)
    {
        switch (text)
        {
            case "verified": confidence = Confidence.Verified; return true;
            case "secondary": confidence = Confidence.Secondary; return true;
            case "unverified": confidence = Confidence.Unverified; return true;
            default: confidence = default; return false;
        }
    }

    public static string ToText(this Confidence c) => c.ToString().ToLowerInvariant();

    public const string Allowed = "verified, secondary, unverified";
}
