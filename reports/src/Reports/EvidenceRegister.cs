using System.Security.Cryptography;

namespace Reports;

/// <summary>
/// The evidence register (YAML): for organisational (attested) requirements, the document that shows each one is met,
/// its SHA-256, owner, approval date and next review date. Document paths are relative to the register's folder.
/// </summary>
public sealed record EvidenceRegister(string File, IReadOnlyList<RegisteredEvidence> Entries)
{
    private static readonly string[] Fields = ["requirement", "document", "sha256", "owner", "approved", "next_review", "notes"];

    public static EvidenceRegister Load(string file)
    {
        var items = YamlEntries.Read(file, "evidence", Fields, out var errors);
        var entries = new List<RegisteredEvidence>();
        foreach (YamlEntry item in items)
        {
            string sha = item.Required("sha256").ToLowerInvariant();
            if (sha.Length > 0 && (sha.Length != 64 || !sha.All(Uri.IsHexDigit)))
            {
                item.Error("sha256", $"'sha256' must be 64 hex digits, not '{sha}'");
            }

            var entry = new RegisteredEvidence(
                item.Required("requirement"), item.Required("document"), sha, item.Required("owner"),
                item.RequiredDate("approved"), item.RequiredDate("next_review"), item.Optional("notes"), item.File, item.Line);
            if (entry.NextReview < entry.Approved && entry.NextReview != default)
            {
                item.Error("next_review", $"'next_review' {entry.NextReview:yyyy-MM-dd} is before 'approved' {entry.Approved:yyyy-MM-dd}");
            }

            entries.Add(entry);
        }

        if (errors.Count > 0)
        {
            throw new ReportInputException(string.Join(Environment.NewLine, errors));
        }

        return new EvidenceRegister(Path.GetFullPath(file), entries);
    }

    /// <summary>Checks one entry: is the file there, does its SHA-256 match, is it within its review date.</summary>
    public AttestationCheck Check(RegisteredEvidence entry, DateOnly asOf)
    {
        string path = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(File)!, entry.Document));
        if (!System.IO.File.Exists(path))
        {
            return new AttestationCheck(entry, AttestationStatus.Missing, null, $"{entry.Document}: file not found (register {entry.Source})");
        }

        string actual = Convert.ToHexStringLower(SHA256.HashData(System.IO.File.ReadAllBytes(path)));
        if (actual != entry.Sha256)
        {
            return new AttestationCheck(entry, AttestationStatus.HashMismatch, actual,
                $"{entry.Document}: SHA-256 is {actual}, the register ({entry.Source}) says {entry.Sha256}");
        }

        return entry.NextReview < asOf
            ? new AttestationCheck(entry, AttestationStatus.Expired, actual, $"review was due on {entry.NextReview:yyyy-MM-dd}")
            : new AttestationCheck(entry, AttestationStatus.Evidenced, actual, $"approved {entry.Approved:yyyy-MM-dd}, next review {entry.NextReview:yyyy-MM-dd}");
    }
}

public sealed record RegisteredEvidence(
    string Requirement, string Document, string Sha256, string Owner, DateOnly Approved, DateOnly NextReview, string? Notes, string File, int Line)
{
    public string Source => $"{Path.GetFileName(File)}:{Line}";
}

public enum AttestationStatus { Evidenced, Expired, Missing, HashMismatch }

public sealed record AttestationCheck(RegisteredEvidence? Entry, AttestationStatus Status, string? ActualSha256, string Detail)
{
    public string StatusText => Status switch
    {
        AttestationStatus.Evidenced => "evidenced",
        AttestationStatus.Expired => "expired",
        AttestationStatus.Missing => "missing",
        _ => "hash-mismatch",
    };
}
