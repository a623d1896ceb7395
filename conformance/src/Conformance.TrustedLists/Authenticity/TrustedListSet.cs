using System.Security.Cryptography.X509Certificates;
using Conformance.TrustedLists.Reading;

namespace Conformance.TrustedLists.Authenticity;

/// <summary>A member-state list with its authenticity.</summary>
public sealed record CheckedTrustedList(TrustedListFile File, ListAuthenticity Authenticity)
{
    public Model.TrustedList List => File.List;
}

/// <summary>
/// Everything the user supplied: member-state lists (files or folders of cached lists), the list of lists and the
/// pinned LOTL signing certificates, each list checked for authenticity once. A list of lists found among the files
/// is used as the LOTL when none is given explicitly.
/// </summary>
public sealed class TrustedListSet
{
    private TrustedListSet(TrustedListFile? lotl, ListAuthenticity? lotlAuthenticity, IReadOnlyList<CheckedTrustedList> lists)
    {
        ListOfLists = lotl;
        ListOfListsAuthenticity = lotlAuthenticity;
        Lists = lists;
    }

    public static readonly TrustedListSet Empty = new(null, null, []);

    public TrustedListFile? ListOfLists { get; }
    public ListAuthenticity? ListOfListsAuthenticity { get; }
    public IReadOnlyList<CheckedTrustedList> Lists { get; }

    public bool IsEmpty => Lists.Count == 0 && ListOfLists is null;

    /// <summary>One decider per set, so that its per-list service indexes are built once and reused for every token.</summary>
    public Qualification.QualificationDecider Decider => _decider ??= new Qualification.QualificationDecider(this);

    private Qualification.QualificationDecider? _decider;

    /// <summary>Reads every .xml file of the given files and folders; a malformed file is an error naming it.</summary>
    public static TrustedListSet Load(IEnumerable<string> listPaths, string? lotlPath, IReadOnlyCollection<X509Certificate2> lotlSigners)
    {
        var files = new List<TrustedListFile>();
        foreach (string path in listPaths)
        {
            if (Directory.Exists(path))
            {
                files.AddRange(Directory.EnumerateFiles(path, "*.xml").Order(StringComparer.Ordinal).Select(TrustedListFile.Load));
            }
            else
            {
                files.Add(TrustedListFile.Load(path));
            }
        }

        TrustedListFile? lotl = lotlPath is null ? null : TrustedListFile.Load(lotlPath);
        if (lotl is null && files.Where(f => f.List.IsListOfLists).OrderByDescending(f => f.List.SequenceNumber).FirstOrDefault() is { } found)
        {
            lotl = found;
        }

        return Create(files.Where(f => !f.List.IsListOfLists), lotl, lotlSigners);
    }

    public static TrustedListSet Create(IEnumerable<TrustedListFile> memberLists, TrustedListFile? lotl, IReadOnlyCollection<X509Certificate2> lotlSigners)
    {
        ListAuthenticity? lotlAuthenticity = lotl is null ? null : ListAuthenticator.ListOfLists(lotl, lotlSigners);
        return new TrustedListSet(lotl, lotlAuthenticity,
            memberLists.Select(f => new CheckedTrustedList(f, ListAuthenticator.MemberList(f, lotl, lotlAuthenticity))).ToList());
    }

    public IEnumerable<CheckedTrustedList> ForTerritory(string territory) =>
        Lists.Where(l => string.Equals(l.List.Territory, territory, StringComparison.OrdinalIgnoreCase));
}
