namespace Reports;

/// <summary>
/// Waivers (YAML): a requirement whose findings an approver has accepted until an expiry date. A waived finding is
/// still listed (as waived); an expired waiver has no effect at all.
/// </summary>
public sealed record Waivers(string File, IReadOnlyList<Waiver> Entries)
{
    private static readonly string[] Fields = ["requirement", "justification", "approver", "expires", "reference"];

    public static Waivers None { get; } = new("", []);

    public static Waivers Load(string file)
    {
        var items = YamlEntries.Read(file, "waivers", Fields, out var errors);
        var entries = items.Select(item => new Waiver(
            item.Required("requirement"), item.Required("justification"), item.Required("approver"), item.RequiredDate("expires"),
            item.Optional("reference"), item.File, item.Line)).ToList();
        if (errors.Count > 0)
        {
            throw new ReportInputException(string.Join(Environment.NewLine, errors));
        }

        return new Waivers(Path.GetFullPath(file), entries);
    }

    /// <summary>The waiver in force for a requirement on a date (the last day of <c>expires</c> still counts), or null.</summary>
    public Waiver? InForce(string requirementId, DateOnly on) =>
        Entries.FirstOrDefault(w => w.Requirement == requirementId && w.Expires >= on);

    public Waiver? Expired(string requirementId, DateOnly on) =>
        Entries.FirstOrDefault(w => w.Requirement == requirementId && w.Expires < on);
}

public sealed record Waiver(string Requirement, string Justification, string Approver, DateOnly Expires, string? Reference, string File, int Line)
{
    public string Source => $"{Path.GetFileName(File)}:{Line}";
}
